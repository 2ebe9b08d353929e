// The room engine: one base Durable Object under every room kind.
//
// It owns what every kind needs and none should redo: accepting sockets through the
// Hibernation API (so idle rooms cost nothing), identity in socket attachments, presence,
// frame limits, JSON decoding, per-user rate limits, idle cleanup by alarm, and sending.
// A room kind (a subclass) only maps its dialect's frames onto these pieces.
import { DurableObject } from "cloudflare:workers";
import type { z } from "zod";
import type { ErrorCode } from "../../protocol/errors.js";
import { CloseCode, MAX_FRAME_BYTES } from "../../protocol/limits.js";
import { type EngineConfig, type EngineEnv, readConfig } from "./config.js";
import { type Connection, connectionOf, sendTo, Tag } from "./connection.js";
import { Presence } from "./presence.js";
import { RateLimiter } from "./rate-limit.js";

/** What a room kind decides about a new socket before the engine accepts it. */
export interface Admission {
  dialect: string;
  user?: string;
  extra?: Connection["extra"];
}

/** Why the engine refused a frame; a kind turns it into its dialect's error frame. */
export type FrameProblem = ErrorCode;

export abstract class Room<Env extends EngineEnv = EngineEnv> extends DurableObject<Env> {
  protected readonly config: EngineConfig;
  protected readonly presence = new Presence();
  protected readonly limiter: RateLimiter;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = readConfig(env);
    this.limiter = new RateLimiter(
      ctx.storage.sql,
      this.config.ratePerSecond,
      this.config.rateBurst,
      this.config.rateStrikes,
    );
    // Rebuild presence from the sockets the runtime kept while we hibernated.
    for (const ws of ctx.getWebSockets()) {
      const conn = connectionOf(ws);
      if (conn) this.presence.add(conn.id, conn.user);
    }
    const heartbeat = this.heartbeat();
    if (heartbeat) {
      // Answered by the runtime itself without waking the object.
      ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(heartbeat[0], heartbeat[1]));
    }
  }

  // ---- hooks for room kinds -------------------------------------------------------------

  /** Decides who a new socket is and which dialect it speaks, or refuses it with a Response. */
  protected abstract admit(request: Request): Admission | Response | Promise<Admission | Response>;
  /** After accept: greet the socket; `firstOfUser` is true when the user just arrived. */
  protected abstract onOpen(ws: WebSocket, conn: Connection, firstOfUser: boolean): void;
  /** A decoded JSON frame that passed size and rate checks. */
  protected abstract onFrame(ws: WebSocket, conn: Connection, data: unknown): void | Promise<void>;
  /** After a socket is gone; `lastOfUser` is true when the user has no socket left. */
  protected abstract onLeave(conn: Connection, lastOfUser: boolean): void;
  /** The kind's error frame for this socket's dialect; `clientId` names the refused frame. */
  protected abstract errorFrame(
    conn: Connection,
    code: FrameProblem | string,
    message: string,
    clientId?: string,
  ): string;
  /** A constant request/response pair the runtime answers while the object sleeps. */
  protected heartbeat(): [string, string] | null {
    return ['{"type":"ping"}', '{"type":"pong"}'];
  }
  /** Called from the alarm for kind-specific schedules; return when to run next (ms) or null. */
  protected onAlarm(_now: number): number | null {
    return null;
  }

  // ---- accepting sockets ----------------------------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return this.onHttp(request);
    }
    const admission = await this.admit(request);
    if (admission instanceof Response) return admission;
    const now = Date.now();
    const conn: Connection = {
      id: crypto.randomUUID(),
      user: admission.user,
      dialect: admission.dialect,
      joinedAt: now,
      lastSeen: now,
      ...(admission.extra ? { extra: admission.extra } : {}),
    };
    const { 0: client, 1: server } = new WebSocketPair();
    const tags = [Tag.all, Tag.dialect(conn.dialect)];
    if (conn.user !== undefined) tags.push(Tag.user(conn.user));
    this.ctx.acceptWebSocket(server, tags);
    server.serializeAttachment(conn);
    const first = this.presence.add(conn.id, conn.user);
    // Greet before anything else can reach the socket, then make sure the sweep is scheduled.
    this.onOpen(server, conn, first);
    await this.ensureAlarm();
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Plain HTTP to the room (kinds may serve stats); default: 426 like seed 003. */
  protected onHttp(_request: Request): Response | Promise<Response> {
    return Response.json(
      { error: "Expected websocket", hint: "connect with a WebSocket client" },
      { status: 426 },
    );
  }

  // ---- receiving ------------------------------------------------------------------------

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const conn = connectionOf(ws);
    if (!conn) return;
    // Frames that were already in flight when we closed this socket (a 1008 after a flood, a
    // 1009) are dropped: nothing may be stored or broadcast that the sender can no longer see
    // acknowledged.
    if (ws.readyState !== WebSocket.OPEN) return;
    if (typeof message !== "string") {
      this.reject(
        ws,
        conn,
        "binary_not_supported",
        "binary frames are not supported; send JSON text",
      );
      if (message.byteLength > MAX_FRAME_BYTES) ws.close(CloseCode.tooBig, "Message too big");
      return;
    }
    if (message.length > MAX_FRAME_BYTES / 3 && byteLength(message) > MAX_FRAME_BYTES) {
      this.reject(ws, conn, "too_big", `frame larger than ${MAX_FRAME_BYTES} bytes`);
      ws.close(CloseCode.tooBig, "Message too big");
      return;
    }
    const verdict = this.limiter.take(this.rateKey(conn));
    if (verdict !== "ok") {
      this.reject(ws, conn, "rate_limited", "too many frames; slow down");
      if (verdict === "abuse") ws.close(CloseCode.policy, "Rate limit exceeded");
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(message);
    } catch {
      this.reject(ws, conn, "bad_json", "frame is not valid JSON");
      return;
    }
    this.touch(ws, conn);
    await this.onFrame(ws, conn, data);
  }

  /** Whose bucket a frame takes from: the user's (all their tabs share it), else the socket's. */
  protected rateKey(conn: Connection): string {
    return conn.user ?? conn.id;
  }

  override async webSocketClose(ws: WebSocket, code = 1000, reason = ""): Promise<void> {
    // Answer the client's close frame so its close completes now, not when the object is evicted
    // (the runtime under `npm start` was seen to leave it open ~10 s otherwise).
    try {
      ws.close(code === 1005 || code === 1006 || code === 1015 ? 1000 : code, reason);
    } catch {
      // already closed
    }
    this.disconnect(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.disconnect(ws);
  }

  /** Connections already announced as gone (an error may be followed by a close). */
  private readonly gone = new Set<string>();

  private disconnect(ws: WebSocket): void {
    const conn = connectionOf(ws);
    if (!conn || this.gone.has(conn.id)) return;
    if (this.gone.size > 1000) this.gone.clear();
    this.gone.add(conn.id);
    // A socket closed while we hibernated may be missing from the rebuilt presence; then the
    // user has left if no other socket of theirs is here.
    const known = this.presence.hasConnection(conn.id);
    const last = known
      ? this.presence.remove(conn.id, conn.user)
      : conn.user !== undefined && !this.presence.has(conn.user);
    this.onLeave(conn, last);
  }

  // ---- helpers for kinds ----------------------------------------------------------------

  /** Parses `data` with a schema; on failure sends the dialect's error frame and returns null. */
  protected validate<S extends z.ZodType>(
    ws: WebSocket,
    conn: Connection,
    schema: S,
    data: unknown,
  ): z.infer<S> | null {
    const result = schema.safeParse(data);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    const code =
      issue?.code === "invalid_union" && issue.path[0] === "type"
        ? "unknown_type"
        : issue?.code === "too_big"
          ? "too_long"
          : "bad_frame";
    const type = (data as { type?: unknown } | null)?.type;
    const text =
      code === "unknown_type" && typeof type === "string"
        ? `unknown message type "${type.slice(0, 64)}"`
        : `${where}${issue?.message ?? "invalid frame"}`;
    // Echo the frame's own id so a client can tell which of its messages was refused.
    const clientId = (data as { clientId?: unknown } | null)?.clientId;
    const ref = typeof clientId === "string" && clientId.length <= 64 ? clientId : undefined;
    this.reject(ws, conn, code, text, ref);
    return null;
  }

  protected reject(
    ws: WebSocket,
    conn: Connection,
    code: FrameProblem | string,
    message: string,
    clientId?: string,
  ) {
    sendTo(ws, this.errorFrame(conn, code, message, clientId));
  }

  /** Learns who a socket is after it connected (seed 002's `join`). Returns true on a join. */
  protected identify(ws: WebSocket, conn: Connection, user: string): boolean {
    if (conn.user === user) return false;
    const left = conn.user !== undefined && this.presence.remove(conn.id, conn.user);
    if (left) this.onLeave({ ...conn }, true);
    conn.user = user;
    ws.serializeAttachment(conn);
    return this.presence.add(conn.id, user);
  }

  /**
   * Sockets of one user, by the tag given at connect. A socket identified later (seed 002's
   * `join`) has no user tag; such dialects have no direct messages, so nothing is missed.
   */
  protected socketsOf(user: string): WebSocket[] {
    return this.ctx.getWebSockets(Tag.user(user));
  }

  /** Refreshes lastSeen, coarsely, so idle cleanup sees activity without a write per frame. */
  private touch(ws: WebSocket, conn: Connection): void {
    const now = Date.now();
    const granularity = Math.min(5_000, this.config.idleTimeoutMs / 4);
    if (now - conn.lastSeen < granularity) return;
    conn.lastSeen = now;
    ws.serializeAttachment(conn);
  }

  // ---- alarm: idle cleanup and kind schedules --------------------------------------------

  private sweepInterval(): number {
    return Math.max(250, Math.min(60_000, this.config.idleTimeoutMs / 2));
  }

  protected async ensureAlarm(at?: number): Promise<void> {
    const want = at ?? Date.now() + this.sweepInterval();
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > want) await this.ctx.storage.setAlarm(want);
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) {
      const conn = connectionOf(ws);
      if (!conn) continue;
      const pinged = this.ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0;
      if (now - Math.max(conn.lastSeen, pinged) > this.config.idleTimeoutMs) {
        try {
          ws.close(CloseCode.normal, "Idle timeout");
        } catch {
          // already closing
        }
        this.disconnect(ws);
      }
    }
    this.limiter.prune(now);
    const kindNext = this.onAlarm(now);
    if (this.ctx.getWebSockets().length > 0 || kindNext !== null) {
      const next = Math.min(now + this.sweepInterval(), kindNext ?? Number.POSITIVE_INFINITY);
      await this.ctx.storage.setAlarm(next);
    }
  }
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}
