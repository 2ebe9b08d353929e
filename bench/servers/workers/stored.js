// The minimal room plus what any durable room must do, to tell what storing costs any room from
// what Parlor adds on top (docs/performance.md, "What storing costs any room"). Each frame is
// written to SQLite before it is broadcast. Frames that arrive together are handled in one turn
// (as Parlor's lane does), so their writes share one commit, and the runtime's output gate holds
// that turn's sends until the commit is on disk. No target compares it: full runs only.
import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  pending = [];

  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS frames (seq INTEGER PRIMARY KEY, text TEXT)");
  }

  async fetch(request) {
    // Plain GET: how many frames are stored, so a test can see the writes happened.
    if (request.headers.get("Upgrade") !== "websocket") {
      const { n } = this.ctx.storage.sql.exec("SELECT COUNT(*) AS n FROM frames").one();
      return Response.json({ stored: n });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.send("welcome");
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(_ws, message) {
    if (this.pending.push(message) === 1) setTimeout(() => this.turn(), 0);
  }

  turn() {
    const frames = this.pending;
    this.pending = [];
    const sockets = this.ctx.getWebSockets();
    for (const frame of frames) {
      this.ctx.storage.sql.exec("INSERT INTO frames (text) VALUES (?)", frame);
      for (const socket of sockets) socket.send(frame);
    }
  }
}

// One room per path, as the minimal room.
export default {
  fetch: (request, env) =>
    env.Room.get(env.Room.idFromName(new URL(request.url).pathname)).fetch(request),
};
