import { DurableObject } from "cloudflare:workers";
export class ChatRoom extends DurableObject {
  override async fetch() { this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t(x)"); return new Response("chat"); }
}
export class WebSocketHub extends DurableObject {}
export class ContainerHub extends DurableObject {}
export class AppContainer extends DurableObject {}
export default {
  async fetch(request: Request, env: any) {
    return env.CHAT_ROOMS.get(env.CHAT_ROOMS.idFromName("x")).fetch(request);
  },
};
