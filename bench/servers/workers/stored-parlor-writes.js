// The `stored` room writing what Parlor writes for each message, with Parlor's own storage
// classes: the message log (its row, index and retention trim), the search index's batches and
// the sender's rate buckets. Nothing else of Parlor's handling: no checks, schema, ack or
// rendering. Frames are broadcast as they came once written, a turn at a time, as in `stored`.
// Beside Parlor and `stored` in `bench/ab.ts` it tells Parlor's writes apart from the rest of its
// handling (docs/performance.md, "The latency tail at N=100"). A diagnosis: no full run has it.
import { DurableObject } from "cloudflare:workers";
import { SearchIndex } from "../../../src/rooms/chat/search-index.ts";
import { readConfig } from "../../../src/rooms/engine/config.ts";
import { MessageLog } from "../../../src/rooms/engine/message-log.ts";
import { RateLimiter } from "../../../src/rooms/engine/rate-limit.ts";
import { BENCH_RATE_LIMITS } from "../rate-limits.ts";

// As the benchmark runs Parlor: its defaults, with the benchmark's rate limits.
const config = readConfig(BENCH_RATE_LIMITS);

export class Room extends DurableObject {
  pending = [];

  constructor(ctx, env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    const { retention, ratePerSecond, rateBurst, rateStrikes } = config;
    this.log = new MessageLog(sql, retention);
    this.search = new SearchIndex(sql);
    this.limiter = new RateLimiter(sql, ratePerSecond, rateBurst, rateStrikes);
  }

  async fetch(request) {
    // Plain GET: what was written, so a test can see the writes happened.
    if (request.headers.get("Upgrade") !== "websocket") {
      const sql = this.ctx.storage.sql;
      const count = (table) => sql.exec(`SELECT COUNT(*) AS n FROM ${table}`).one().n;
      const indexed = this.log.lastSeq > 0 ? count("messages_fts_docsize") : 0;
      return Response.json({
        messages: count("messages"),
        indexed,
        buckets: count("rate_buckets"),
      });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    // Each socket a user of its own, as the load generator's sockets are in Parlor (u{i}).
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ user: `u${this.ctx.getWebSockets().length}` });
    server.send("welcome");
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws, message) {
    if (this.pending.push([ws, message]) === 1) setTimeout(() => this.turn(), 0);
  }

  turn() {
    const frames = this.pending;
    this.pending = [];
    const sockets = this.ctx.getWebSockets();
    for (const [ws, frame] of frames) {
      const { user } = ws.deserializeAttachment();
      this.limiter.takeFrame(user, user);
      this.search.ensure();
      const message = this.log.append({ kind: "message", sender: user, text: String(frame) });
      this.search.appended(message.seq);
      for (const socket of sockets) socket.send(frame);
    }
  }
}

// One room per path, as the minimal room.
export default {
  fetch: (request, env) =>
    env.Room.get(env.Room.idFromName(new URL(request.url).pathname)).fetch(request),
};
