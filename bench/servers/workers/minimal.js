// The ceiling: the smallest Durable Object that accepts hibernatable WebSockets and broadcasts
// every frame as it came. Nothing is parsed, stored or checked.
import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  async fetch() {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.send("welcome");
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(_ws, message) {
    for (const socket of this.ctx.getWebSockets()) socket.send(message);
  }
}

// One room per path, so one server can hold several rooms (one per room size in a run).
export default {
  fetch: (request, env) =>
    env.Room.get(env.Room.idFromName(new URL(request.url).pathname)).fetch(request),
};
