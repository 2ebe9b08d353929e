// The baseline every room is measured against: the smallest Durable Object that accepts
// hibernatable WebSockets and broadcasts, run in the same workerd through Miniflare.
import { Miniflare } from "miniflare";

const MINIMAL_ROOM = `
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch() {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.send("welcome");
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws, message) {
    for (const socket of this.ctx.getWebSockets()) socket.send(message);
  }
}
export default { fetch: (req, env) => env.ROOM.get(env.ROOM.idFromName("bench")).fetch(req) };
`;

export async function startMinimalRoom(): Promise<{ url: URL; stop(): Promise<void> }> {
  const miniflare = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    modules: true,
    script: MINIMAL_ROOM,
    compatibilityDate: "2026-04-20",
    durableObjects: { ROOM: { className: "Room", useSQLite: true } },
  });
  const url = await miniflare.ready;
  return { url, stop: () => miniflare.dispose() };
}
