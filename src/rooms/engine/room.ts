// The room engine: one base Durable Object under every room kind. It owns what every kind
// needs and none should redo: accepting sockets through the Hibernation API (so idle rooms cost
// nothing), identity and typed per-socket state in socket attachments, presence, frame limits,
// JSON decoding, per-user rate limits, idle cleanup by alarm, fan-out, and isolating a kind's
// failures. A room kind (a subclass) only maps its protocol's frames onto these pieces.
import { DurableObject } from "cloudflare:workers";
import { CloseCode } from "../../protocol/limits.js";
import { LEASE_HEADER, type LeaseEnv, releaseLease } from "../gate/lease.js";
import { type Admission, connectionFor, tagsFor } from "./admission.js";
import { AlarmSchedule } from "./alarm-schedule.js";
import { Backlog } from "./backlog.js";
import { type EngineConfig, type EngineEnv, readConfig } from "./config.js";
import {
  type Connection,
  connectionOf,
  saveConnection,
  sendTo,
  Tag,
  touch,
  writeConnection,
} from "./connection.js";
import { connectionRefusal } from "./connection-limits.js";
import { type FrameFor, sendEach } from "./fan-out.js";
import { FrameLane } from "./frame-lane.js";
import { answerFailure, logHookError } from "./hook-errors.js";
import { IdleSweep } from "./idle-sweep.js";
import { checkFrame } from "./inbound.js";
import { Presence } from "./presence.js";
import { type FrameProblem, trustFramesForBenchmark } from "./problems.js";
import { RateLimiter } from "./rate-limit.js";
import { SocketIndex } from "./socket-index.js";
import { WakeTimer } from "./wake-timer.js";

export type { Admission } from "./admission.js";

export abstract class Room<
  Env extends EngineEnv = EngineEnv,
  State = Record<string, never>,
  Opening = undefined,
> extends DurableObject<Env> {
  protected readonly config: EngineConfig;
  protected readonly presence = Presence.of(this.ctx.getWebSockets());
  protected readonly limiter: RateLimiter;
  /** The limiter frames pass; null only with BENCH_DISABLE=rate-limits. */
  private readonly frameLimiter: RateLimiter | null;
  /** How far behind each socket is; a kind reports Parlor receipts to it. */
  protected readonly backlog: Backlog;
  /** Frames in arrival order, their writes grouped into one commit under load. */
  protected readonly lane: FrameLane;
  /** The sockets fan-out sends to, by tag, kept between arrivals and leaves. */
  protected readonly sockets = new SocketIndex(this.ctx);
  /**
   * Benchmark-only (BENCH_DISABLE=handling): each text frame is relayed as it came, through the
   * lane and each socket's backlog account, and nothing else is done with it. Beside Parlor in
   * an A/B it prices the handling of a message (checks, schema, storing, ack, rendering).
   */
  private readonly relayOnly: boolean;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = readConfig(env);
    const off = this.config.benchDisabled;
    trustFramesForBenchmark(off.has("validation"));
    this.relayOnly = off.has("handling");
    this.lane = new FrameLane(off.has("batching"), this.presence, ctx.storage);
    const { ratePerSecond, rateBurst, rateStrikes } = this.config;
    this.limiter = new RateLimiter(ctx.storage.sql, ratePerSecond, rateBurst, rateStrikes);
    this.frameLimiter = off.has("rate-limits") ? null : this.limiter;
    this.sweep = new IdleSweep(ctx, this.config.idleTimeoutMs);
    this.backlog = new Backlog(ctx, this.config.backlog, (ws) =>
      this.drop(ws, CloseCode.tooFarBehind, "Too far behind"),
    );
    const heartbeat = this.heartbeat();
    if (heartbeat) {
      // Answered by the runtime itself without waking the object.
      ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(heartbeat[0], heartbeat[1]));
    }
  }

  // ---- hooks for room kinds -------------------------------------------------------------

  /** Decides who a new socket is and what state it starts with, or refuses it with a Response. */
  protected abstract admit(
    request: Request,
  ): Admission<State, Opening> | Response | Promise<Admission<State, Opening> | Response>;
  /** After accept: greet the socket; `firstOfUser` is true when the user just arrived. */
  protected abstract onOpen(
    ws: WebSocket,
    conn: Connection<State>,
    firstOfUser: boolean,
    opening: Opening | undefined,
  ): void;
  /** A decoded JSON frame that passed size and rate checks. */
  protected abstract onFrame(
    ws: WebSocket,
    conn: Connection<State>,
    data: unknown,
  ): void | Promise<void>;
  /** After a socket is gone; `lastOfUser` is true when the user has no socket left. */
  protected abstract onLeave(conn: Connection<State>, lastOfUser: boolean): void;
  /** The kind's error frame for this socket. */
  protected abstract errorFrame(conn: Connection<State>, problem: FrameProblem): string;
  /** A constant request/response pair the runtime answers while the object sleeps. */
  protected heartbeat(): [string, string] | null {
    return ['{"type":"ping"}', '{"type":"pong"}'];
  }
  /** Called from the alarm for kind-specific schedules; return when to run next (ms) or null. */
  protected onAlarm(_now: number): number | null {
    return null;
  }
  /** Called from an in-memory timer (`wakeSoon`); return when to run next (ms) or null. */
  protected onSoon(_now: number): number | null {
    return null;
  }
  /** Plain HTTP to the room (kinds may serve stats); default: 426 like seed 003. */
  protected onHttp(_request: Request): Response | Promise<Response> {
    return Response.json(
      { error: "Expected websocket", hint: "connect with a WebSocket client" },
      { status: 426 },
    );
  }

  // ---- accepting sockets ----------------------------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return this.onHttp(request);
    }
    let admission: Admission<State, Opening> | Response;
    try {
      admission = await this.admit(request);
    } catch (error) {
      this.logHookError("admit", error);
      return Response.json({ error: "internal error" }, { status: 500 });
    }
    if (admission instanceof Response) return admission;
    const full = connectionRefusal(this.presence, this.config, admission);
    if (full) return full;
    const conn = connectionFor(admission, request.headers.get(LEASE_HEADER));
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, tagsFor(admission));
    this.sockets.changed();
    writeConnection(server, conn);
    this.backlog.watch(server);
    const first = this.presence.add(conn.id, conn.user);
    // Greet before anything else can reach the socket, then make sure the sweep is scheduled.
    this.guard("onOpen", server, conn, () => this.onOpen(server, conn, first, admission.opening));
    await this.ensureAlarm();
    return new Response(null, { status: 101, webSocket: client });
  }

  // ---- receiving ------------------------------------------------------------------------

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    this.backlog.heard(ws);
    if (this.relayOnly && typeof message === "string") {
      this.lane.run(() => sendEach(this.sockets.of(Tag.all), message));
      return;
    }
    this.lane.run(() => this.handleMessage(ws, message));
  }

  private handleMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    const conn = connectionOf<State>(ws);
    if (!conn) return;
    // Frames that were already in flight when the room closed this socket (a 1008 after a flood,
    // a 1009) are dropped: nothing may be stored or broadcast that the sender can no longer see
    // acknowledged. Frames a client sent before its own close are handled (its close is in line
    // behind them).
    if (conn.gone) return;
    const checked = checkFrame(message, this.frameLimiter, conn.id, this.rateKey(conn));
    if (!("data" in checked)) {
      this.reject(ws, conn, checked.problem);
      if (checked.close) this.drop(ws, checked.close.code, checked.close.reason);
      return;
    }
    touch(ws, conn, this.config.idleTimeoutMs);
    try {
      // A kind's handler runs in this batch up to its first await; its failure stays its own.
      this.onFrame(ws, conn, checked.data)?.catch((error) =>
        this.failed("onFrame", ws, conn, error),
      );
    } catch (error) {
      this.failed("onFrame", ws, conn, error);
    }
  }

  /**
   * The user bucket a frame takes from besides its socket's own (rate-limit.ts): shared by all
   * the user's tabs; the token's subject in secure mode, else the name; null for nobody, or for
   * a stand-in name many people share.
   */
  protected rateKey(conn: Connection<State>): string | null {
    return conn.sharedUser ? null : (conn.subject ?? conn.user ?? null);
  }

  override async webSocketClose(ws: WebSocket, code = 1000, reason = ""): Promise<void> {
    // Answer the client's close frame so its close completes now, not when the object is evicted.
    // The runtime does not answer it for a hibernatable socket, even with compatibility flag
    // `web_socket_auto_reply_to_close` on: without this, a `ws` client's close took 10 s under
    // `npm start` and ended in 1006 (with it, 1 ms and 1000).
    const answer = code === 1005 || code === 1006 || code === 1015 ? 1000 : code;
    // In line after the frames it sent before closing, so they are handled before its leave.
    this.lane.run(() => this.drop(ws, answer, reason));
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.lane.run(() => this.disconnect(ws));
  }

  private disconnect(ws: WebSocket): void {
    // Before the check below: the runtime may have listed a socket we closed until now.
    this.sockets.changed();
    const conn = connectionOf<State>(ws);
    // Announced once: an error may be followed by a close, even after the object was evicted.
    if (!conn || conn.gone) return;
    conn.gone = true;
    saveConnection(ws, conn);
    if (conn.lease) this.ctx.waitUntil(releaseLease(this.env as LeaseEnv, conn.lease));
    // A socket closed while we hibernated may be missing from the rebuilt presence; then the
    // user has left if no other socket of theirs is here.
    const known = this.presence.hasConnection(conn.id);
    const last = known
      ? this.presence.remove(conn.id, conn.user)
      : conn.user !== undefined && !this.presence.has(conn.user);
    this.guard("onLeave", null, conn, () => this.onLeave(conn, last));
  }

  // ---- helpers for kinds ----------------------------------------------------------------

  /** Closes a socket and counts it gone now: its peer may never answer the close. */
  protected drop(ws: WebSocket, code: number, reason: string): void {
    try {
      ws.close(code, reason);
    } catch {
      // already closed
    }
    this.disconnect(ws);
  }

  /** Answers a refused frame with the kind's error frame; nothing from the frame is kept. */
  protected reject(ws: WebSocket, conn: Connection<State>, problem: FrameProblem): void {
    sendTo(ws, this.errorFrame(conn, problem));
  }

  /** Sends to every socket with `tag` (default: all) but `except`; returns how many got it. */
  protected broadcast(
    frame: FrameFor<State>,
    options: { tag?: string; except?: WebSocket | null } = {},
  ): number {
    return sendEach(this.sockets.of(options.tag ?? Tag.all), frame, options.except);
  }

  /** Sends to every socket of one user, however it was identified; returns how many got it. */
  protected sendToUser(user: string, frame: FrameFor<State>): number {
    return sendEach(this.sockets.ofUser(user), frame);
  }

  /** Replaces a socket's state, in its attachment (so it survives hibernation). */
  protected setState(ws: WebSocket, conn: Connection<State>, state: State): void {
    conn.state = state;
    writeConnection(ws, conn);
  }

  /** Learns who a socket is after it connected (seed 002's `join`). Returns true on a join. */
  protected identify(ws: WebSocket, conn: Connection<State>, user: string): boolean {
    if (conn.user === user) return false;
    const left = conn.user !== undefined && this.presence.remove(conn.id, conn.user);
    if (left) this.guard("onLeave", null, conn, () => this.onLeave({ ...conn }, true));
    conn.user = user;
    writeConnection(ws, conn);
    return this.presence.add(conn.id, user);
  }

  // ---- a kind's failure stays its own ------------------------------------------------------

  private guard(hook: string, ws: WebSocket | null, conn: Connection<State>, run: () => void) {
    try {
      run();
    } catch (error) {
      this.failed(hook, ws, conn, error);
    }
  }

  /** Logs a throwing hook and answers its socket; the room keeps serving everyone else. */
  private failed(hook: string, ws: WebSocket | null, conn: Connection<State>, error: unknown) {
    this.logHookError(hook, error);
    const problem = { code: "internal_error", message: "internal error" } as const;
    if (!ws) return;
    answerFailure(
      ws,
      () => this.errorFrame(conn, problem),
      (code, reason) => this.drop(ws, code, reason),
    );
  }

  private logHookError(hook: string, error: unknown): void {
    logHookError(this.ctx, this.constructor.name, hook, error);
  }

  // ---- soon: a kind's wake-ups for in-memory state, with no storage write (wake-timer.ts) ----

  private readonly soon = new WakeTimer((now) => {
    try {
      return this.onSoon(now);
    } catch (error) {
      this.logHookError("onSoon", error);
      return null;
    }
  });
  /** Makes sure `onSoon` runs no later than `at` (epoch ms), if the object is not evicted. */
  protected wakeSoon(at: number): void {
    this.soon.atMost(at);
  }

  // ---- alarm: idle cleanup and kind schedules --------------------------------------------

  private readonly alarms = new AlarmSchedule(this.ctx.storage);
  private readonly sweep: IdleSweep;
  protected ensureAlarm(at?: number): Promise<void> {
    return this.alarms.atMost(at ?? Date.now() + this.sweep.interval);
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    this.alarms.fired();
    const idle = this.sweep.due(now);
    if (idle) {
      for (const ws of idle) this.drop(ws, CloseCode.normal, "Idle timeout");
      this.limiter.prune(now);
    }
    let kindNext: number | null = null;
    try {
      kindNext = this.onAlarm(now);
    } catch (error) {
      this.logHookError("onAlarm", error);
    }
    if (this.ctx.getWebSockets().length > 0 || kindNext !== null) {
      await this.ensureAlarm(Math.min(now + this.sweep.interval, kindNext ?? Infinity));
    }
  }
}
