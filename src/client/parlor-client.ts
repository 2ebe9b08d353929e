// The typed Parlor client SDK for browsers and Node (`WS /ws?room=R&name=N`, docs/protocol.md).
//
// Transport: partysocket's ReconnectingWebSocket (`partysocket/ws`). It fits because it takes a
// URL *provider* (an async function called before every attempt, so each reconnect can carry
// `since`/`epoch` in its query), a custom WebSocket constructor (the `ws` package in Node 20,
// which has no global WebSocket), a connection timeout, and `shouldReconnectOnClose` (our stop
// on terminal close codes). Two things it does not do the way we need, so we take them over:
//   - Its backoff has no jitter and its retry counter only resets after `minUptime`; we set its
//     own delays to 0 and wait inside the URL provider instead (exponential backoff with jitter,
//     attempts counted until a welcome arrives, and a give-up after `maxRetries`).
//   - Its send buffer replays raw frames on open without knowing what the server acknowledged;
//     we disable it (`maxEnqueuedMessages: 0`) and keep our own queue of unacknowledged
//     messages keyed by `clientId`, resent after every welcome (the server de-duplicates).
//
// This module imports only `src/protocol` (schemas shared with the server), never server code.
import ReconnectingWebSocket from "partysocket/ws";
import { MAX_NAME_LENGTH } from "../protocol/limits.js";
import {
  ClientDirect,
  ClientMessage,
  type HistoryEntry,
  type ParlorClientFrame,
  ParlorServerFrame,
  type ServerAck,
  type ServerChatMessage,
  type ServerDirect,
  type ServerError,
  type ServerWelcome,
} from "../protocol/parlor.js";
import { type BackoffOptions, backoffDelay, isTerminalCloseCode } from "./backoff.js";

export type ServerJoin = Extract<ParlorServerFrame, { type: "join" }>;
export type ServerLeave = Extract<ParlorServerFrame, { type: "leave" }>;
export type ServerPresence = Extract<ParlorServerFrame, { type: "presence" }>;
export type ServerTyping = Extract<ParlorServerFrame, { type: "typing" }>;
export type ServerHistory = Extract<ParlorServerFrame, { type: "history" }>;

/** A WebSocket constructor: the browser's global, or `ws`'s default export in Node. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => unknown;

export interface ParlorClientOptions {
  /** Server origin: `http(s)://host[:port]` or `ws(s)://host[:port]` (a path is ignored). */
  url: string;
  room: string;
  name: string;
  /** WebSocket implementation; default `globalThis.WebSocket` (pass `ws` in Node 20). */
  WebSocket?: WebSocketConstructor;
  /** Reconnect backoff: first delay (default 500 ms), cap (default 15 s), growth (default 2). */
  minDelayMs?: number;
  maxDelayMs?: number;
  backoffFactor?: number;
  /** Failed reconnect attempts in a row before giving up (default Infinity). */
  maxRetries?: number;
  /** Give up on a connection attempt after this long (default 10 s). */
  connectTimeoutMs?: number;
  /** Close codes after which the client stops instead of reconnecting (default: 1003, 1007, 1008, 1010, 4000-4999). */
  isTerminalClose?: (code: number) => boolean;
  /** Send `{"type":"ping"}` this often while open, and reconnect when nothing at all arrived for twice as long (default 30 s; 0 = off). */
  heartbeatMs?: number;
  /** Most unacknowledged messages held while disconnected (default 1000). */
  maxQueue?: number;
  /**
   * Most messages sent and not yet acknowledged at once (default 1); the rest wait their turn.
   * With 1, messages are stored in the order `send()` was called even when the server's
   * per-user rate limit refuses one (it is resent after a pause before anything later goes),
   * and a burst of `send()` calls can never add up to a 1008 close. Larger windows send
   * faster over slow links but a refused message may then land after later ones. Infinity
   * sends everything at once.
   */
  maxInFlight?: number;
  /** Most messages kept in `messages` (default 1000). */
  maxLog?: number;
  /** How long `history()` waits for its page (default 10 s). */
  requestTimeoutMs?: number;
}

export type ClientState = "connecting" | "open" | "reconnecting" | "closed";

export interface StateChange {
  state: ClientState;
  /** For "reconnecting" and "closed": the close that caused it, when there was one. */
  code?: number;
  reason?: string;
  /** For "reconnecting": which attempt comes next, and after how long. */
  attempt?: number;
  delayMs?: number;
}

export interface ParlorEvents {
  welcome: ServerWelcome;
  /** A room message (live, or missed and replayed on resume), each sequence number once. */
  message: ServerChatMessage;
  /** A direct message to or from this user, each sequence number once. */
  direct: ServerDirect;
  join: ServerJoin;
  leave: ServerLeave;
  /** Rooms over 100 users: the user count, at most once a second, instead of join/leave. */
  presence: ServerPresence;
  typing: ServerTyping;
  ack: ServerAck;
  /** Error frames from the server, and `invalid_server_frame` for frames failing the schema. */
  error: ServerError;
  /** The resume was refused (gap beyond retention, or the room's log was recreated): `messages` was dropped and now holds the welcome's history. */
  reload: ServerWelcome;
  state: StateChange;
}

/** A rejection from the SDK or the server (`code` is one of src/protocol/errors.ts, or a client code). */
export class ParlorClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ParlorClientError";
  }
}

interface PendingSend {
  frame: ParlorClientFrame & { clientId: string };
  /** Sent on the current connection and not yet acknowledged. */
  inFlight: boolean;
  resolve: (ack: ServerAck) => void;
  reject: (error: Error) => void;
}

interface PendingRequest {
  resolve: (page: ServerHistory) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

type Listener<T> = (value: T) => void;

export class ParlorClient {
  readonly room: string;
  readonly name: string;
  private readonly options: Required<
    Omit<ParlorClientOptions, "WebSocket" | "url" | "room" | "name">
  >;
  private readonly base: string;
  private readonly socket: ReconnectingWebSocket;
  private readonly listeners = new Map<keyof ParlorEvents, Set<Listener<never>>>();

  private currentState: ClientState = "connecting";
  /** The next connection attempt: 0 is the first connect, n > 0 is the n-th retry since the last welcome. */
  private attempt = 0;
  private epoch: string | undefined;
  /** The newest sequence number this client has seen (its resume point). */
  private seq = 0;
  private log: HistoryEntry[] = [];
  private lastWelcome: ServerWelcome | undefined;
  private readonly pending = new Map<string, PendingSend>();
  private readonly requests: PendingRequest[] = [];
  private openWaiters: Array<() => void> = [];
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  private wakeWait: (() => void) | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private lastFrameAt = 0;
  /** Set while the server's rate limit asks us to pause sending. */
  private resendTimer: ReturnType<typeof setTimeout> | undefined;
  private idCounter = 0;
  private readonly idPrefix = randomId();

  constructor(options: ParlorClientOptions) {
    const name = options.name.trim();
    if (!name || name.length > MAX_NAME_LENGTH) {
      throw new ParlorClientError("bad_request", `name must be 1-${MAX_NAME_LENGTH} characters`);
    }
    this.room = options.room;
    this.name = name;
    const origin = new URL(options.url);
    origin.protocol = origin.protocol === "https:" || origin.protocol === "wss:" ? "wss:" : "ws:";
    this.base = `${origin.protocol}//${origin.host}/ws`;
    this.options = {
      minDelayMs: options.minDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 15_000,
      backoffFactor: options.backoffFactor ?? 2,
      maxRetries: options.maxRetries ?? Number.POSITIVE_INFINITY,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      isTerminalClose: options.isTerminalClose ?? isTerminalCloseCode,
      heartbeatMs: options.heartbeatMs ?? 30_000,
      maxQueue: options.maxQueue ?? 1000,
      maxInFlight: options.maxInFlight ?? 1,
      maxLog: options.maxLog ?? 1000,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    };
    const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: unknown }).WebSocket;
    if (!WebSocketImpl) {
      throw new ParlorClientError(
        "bad_request",
        "no global WebSocket: pass one in options.WebSocket (in Node: import WebSocket from 'ws')",
      );
    }
    this.socket = new ReconnectingWebSocket(() => this.nextUrl(), undefined, {
      WebSocket: WebSocketImpl,
      // Our own backoff runs in nextUrl(); partysocket's is switched off.
      minReconnectionDelay: 0,
      maxReconnectionDelay: 0,
      maxRetries: Number.POSITIVE_INFINITY,
      connectionTimeout: this.options.connectTimeoutMs,
      // Never buffer raw frames: unacknowledged messages are ours to resend.
      maxEnqueuedMessages: 0,
      shouldReconnectOnClose: (event) => !this.options.isTerminalClose(event.code),
    });
    this.socket.addEventListener("message", (event) => this.onRaw(event.data));
    this.socket.addEventListener("close", (event) => this.onClose(event.code, event.reason));
  }

  // ---- reading state ----------------------------------------------------------------------

  get state(): ClientState {
    return this.currentState;
  }
  /** The newest sequence number seen; a reconnect resumes after it. */
  get lastSeq(): number {
    return this.seq;
  }
  get roomEpoch(): string | undefined {
    return this.epoch;
  }
  /** Messages received so far, oldest first, each sequence number once (at most `maxLog`). */
  get messages(): readonly HistoryEntry[] {
    return this.log;
  }
  /** Who was present at the last welcome, kept current by join and leave events. */
  get welcome(): ServerWelcome | undefined {
    return this.lastWelcome;
  }
  /** Messages waiting for their ack (queued while disconnected, or in flight). */
  get queued(): number {
    return this.pending.size;
  }

  on<K extends keyof ParlorEvents>(event: K, listener: Listener<ParlorEvents[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  // ---- sending ------------------------------------------------------------------------------

  /** Sends a room message; resolves with the server's ack (queued while disconnected). */
  send(text: string, options: { clientId?: string } = {}): Promise<ServerAck> {
    const parsed = ClientMessage.safeParse({
      type: "message",
      message: text,
      clientId: options.clientId ?? this.nextClientId(),
    });
    return this.enqueue(parsed);
  }

  /** Sends a direct message that only `to` and this user will ever see. */
  sendDirect(to: string, text: string, options: { clientId?: string } = {}): Promise<ServerAck> {
    const parsed = ClientDirect.safeParse({
      type: "direct",
      to,
      message: text,
      clientId: options.clientId ?? this.nextClientId(),
    });
    return this.enqueue(parsed);
  }

  /** Tells the room this user is (or stopped) typing. Dropped when not connected. */
  typing(isTyping = true): boolean {
    return this.sendNow({ type: "typing", typing: isTyping });
  }

  /** One page of older history: messages below `before` (default: the newest), oldest first. */
  async history(before?: number, limit = 50): Promise<ServerHistory> {
    await this.whenOpen(this.options.requestTimeoutMs);
    return new Promise<ServerHistory>((resolve, reject) => {
      const request: PendingRequest = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.dropRequest(request);
          reject(new ParlorClientError("timeout", "no history page within the timeout"));
        }, this.options.requestTimeoutMs),
      };
      this.requests.push(request);
      const frame: ParlorClientFrame = { type: "history", limit };
      if (before !== undefined) frame.before = before;
      this.sendNow(frame);
    });
  }

  /** While waiting out a reconnect backoff, tries at once (a "retry now" button). */
  reconnectNow(): void {
    clearTimeout(this.waitTimer);
    this.wakeWait?.();
  }

  /** Closes for good: no reconnect; unacknowledged sends and open requests reject. */
  close(code = 1000, reason = "client closed"): void {
    if (this.currentState === "closed") return;
    this.finish("closed by client", code, reason);
  }

  // ---- connecting ---------------------------------------------------------------------------

  /** Called by partysocket before every attempt: waits out the backoff, then names the URL. */
  private async nextUrl(): Promise<string> {
    if (this.attempt > 0) {
      if (this.attempt > this.options.maxRetries) {
        // Closing here makes partysocket drop the attempt it is preparing.
        this.finish("max retries reached");
        return this.url();
      }
      const delayMs = backoffDelay(this.attempt, {
        minDelayMs: this.options.minDelayMs,
        maxDelayMs: this.options.maxDelayMs,
        factor: this.options.backoffFactor,
      } satisfies BackoffOptions);
      this.setState({ state: "reconnecting", attempt: this.attempt, delayMs });
      await new Promise<void>((resolve) => {
        this.wakeWait = resolve;
        this.waitTimer = setTimeout(resolve, delayMs);
      });
      this.wakeWait = undefined;
    }
    this.attempt += 1;
    return this.url();
  }

  private url(): string {
    const query = new URLSearchParams({ room: this.room, name: this.name });
    if (this.epoch !== undefined) {
      query.set("since", String(this.seq));
      query.set("epoch", this.epoch);
    }
    return `${this.base}?${query}`;
  }

  private onClose(code: number, reason: string): void {
    this.stopHeartbeat();
    if (this.currentState === "closed") return;
    this.failRequests(new ParlorClientError("disconnected", "connection closed"));
    if (!this.socket.shouldReconnect) {
      this.finish(`closed by server (${code})`, code, reason);
      return;
    }
    this.setState({ state: "reconnecting", code, reason, attempt: this.attempt });
  }

  private finish(why: string, code?: number, reason?: string): void {
    if (this.currentState === "closed") return;
    this.currentState = "closed";
    this.stopHeartbeat();
    clearTimeout(this.resendTimer);
    clearTimeout(this.waitTimer);
    this.wakeWait?.();
    this.socket.close(code === undefined || code < 3000 ? 1000 : code, reason ?? why);
    const error = new ParlorClientError("closed", `Parlor client stopped: ${why}`);
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
    this.failRequests(error);
    for (const wake of this.openWaiters) wake();
    this.openWaiters = [];
    this.emit("state", {
      state: "closed",
      ...(code !== undefined ? { code } : {}),
      reason: reason ?? why,
    });
  }

  private setState(change: StateChange): void {
    if (this.currentState === "closed") return;
    this.currentState = change.state;
    this.emit("state", change);
  }

  // ---- receiving ----------------------------------------------------------------------------

  private onRaw(data: unknown): void {
    this.lastFrameAt = Date.now();
    if (typeof data !== "string") {
      this.protocolError("binary frame from server");
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.protocolError("frame from server is not JSON");
      return;
    }
    const parsed = ParlorServerFrame.safeParse(json);
    if (!parsed.success) {
      this.protocolError(`frame from server fails the schema: ${parsed.error.message}`);
      return;
    }
    const frame = parsed.data;
    switch (frame.type) {
      case "welcome":
        this.onWelcome(frame);
        return;
      case "message":
      case "direct":
        this.onEntry(frame);
        return;
      case "ack": {
        const entry = frame.clientId ? this.pending.get(frame.clientId) : undefined;
        if (entry && frame.clientId) {
          this.pending.delete(frame.clientId);
          entry.resolve(frame);
          this.pump();
        }
        this.emit("ack", frame);
        return;
      }
      case "join":
      case "leave":
        if (this.lastWelcome) {
          const users = this.lastWelcome.users.filter((u) => u !== frame.name);
          if (frame.type === "join") users.push(frame.name);
          this.lastWelcome = { ...this.lastWelcome, users, count: frame.count };
        }
        if (frame.type === "join") this.emit("join", frame);
        else this.emit("leave", frame);
        return;
      case "presence":
        if (this.lastWelcome) this.lastWelcome = { ...this.lastWelcome, count: frame.count };
        this.emit("presence", frame);
        return;
      case "typing":
        this.emit("typing", frame);
        return;
      case "history": {
        const request = this.requests.shift();
        if (request) {
          clearTimeout(request.timer);
          request.resolve(frame);
        }
        return;
      }
      case "error":
        this.onServerError(frame);
        return;
      case "pong":
        return;
    }
  }

  private onWelcome(welcome: ServerWelcome): void {
    const resumed = welcome.resume === "ok" && welcome.epoch === this.epoch;
    this.epoch = welcome.epoch;
    this.attempt = 1; // a drop from here on is retried with backoff from its first step
    this.lastWelcome = welcome;
    if (resumed) {
      // Exactly what we missed, in order; anything already seen is skipped.
      for (const entry of welcome.history) this.onEntry(entry);
    } else {
      // First connect, or a refused resume: the welcome's history replaces what we had.
      this.log = welcome.history.slice(-this.options.maxLog);
    }
    this.seq = Math.max(resumed ? this.seq : 0, welcome.lastSeq);
    this.setState({ state: "open" });
    this.emit("welcome", welcome);
    if (welcome.resume === "reload") this.emit("reload", welcome);
    this.startHeartbeat();
    for (const wake of this.openWaiters) wake();
    this.openWaiters = [];
    // Everything not yet acknowledged goes (again); the server acks a stored clientId as a
    // duplicate instead of storing it twice.
    this.resendPending();
  }

  private onEntry(entry: HistoryEntry): void {
    if (entry.seq <= this.seq) return; // seen already (a replay overlapping the live stream)
    this.seq = entry.seq;
    this.log.push(entry);
    if (this.log.length > this.options.maxLog)
      this.log.splice(0, this.log.length - this.options.maxLog);
    if (entry.type === "message") this.emit("message", entry);
    else this.emit("direct", entry);
  }

  private onServerError(error: ServerError): void {
    const entry = error.clientId ? this.pending.get(error.clientId) : undefined;
    if (entry && error.clientId && error.code !== "rate_limited") {
      this.pending.delete(error.clientId);
      entry.reject(new ParlorClientError(error.code, error.message));
      this.pump();
    } else if (error.code === "rate_limited" && this.pending.size > 0) {
      // The refused frame is not named: pause for a second (the bucket refills), then resend
      // everything unacknowledged (safe: the server de-duplicates by clientId).
      clearTimeout(this.resendTimer);
      this.resendTimer = setTimeout(() => {
        this.resendTimer = undefined;
        this.resendPending();
      }, 1000);
    }
    this.emit("error", error);
  }

  private protocolError(message: string): void {
    this.emit("error", { type: "error", code: "invalid_server_frame", message });
  }

  // ---- helpers ------------------------------------------------------------------------------

  private enqueue(
    parsed: ReturnType<typeof ClientMessage.safeParse> | ReturnType<typeof ClientDirect.safeParse>,
  ): Promise<ServerAck> {
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const code = issue?.code === "too_big" ? "too_long" : "bad_frame";
      return Promise.reject(new ParlorClientError(code, issue?.message ?? "invalid message"));
    }
    if (this.currentState === "closed") {
      return Promise.reject(new ParlorClientError("closed", "Parlor client is closed"));
    }
    if (this.pending.size >= this.options.maxQueue) {
      return Promise.reject(
        new ParlorClientError("queue_full", "too many unacknowledged messages"),
      );
    }
    const frame = parsed.data as PendingSend["frame"];
    return new Promise<ServerAck>((resolve, reject) => {
      this.pending.set(frame.clientId, { frame, resolve, reject, inFlight: false });
      this.pump();
    });
  }

  /** After a (re)connect or a rate-limit pause: everything unacknowledged is due again. */
  private resendPending(): void {
    for (const entry of this.pending.values()) entry.inFlight = false;
    this.pump();
  }

  /** Sends queued messages in order while fewer than `maxInFlight` await their ack. */
  private pump(): void {
    if (this.currentState !== "open" || this.resendTimer !== undefined) return;
    let inFlight = 0;
    for (const entry of this.pending.values()) {
      if (entry.inFlight) inFlight += 1;
    }
    for (const entry of this.pending.values()) {
      if (inFlight >= this.options.maxInFlight) return;
      if (entry.inFlight) continue;
      if (!this.sendNow(entry.frame)) return;
      entry.inFlight = true;
      inFlight += 1;
    }
  }

  private sendNow(frame: ParlorClientFrame): boolean {
    if (this.currentState !== "open" || this.socket.readyState !== this.socket.OPEN) return false;
    return this.socket.send(JSON.stringify(frame));
  }

  private whenOpen(timeoutMs: number): Promise<void> {
    if (this.currentState === "open") return Promise.resolve();
    if (this.currentState === "closed") {
      return Promise.reject(new ParlorClientError("closed", "Parlor client is closed"));
    }
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.openWaiters = this.openWaiters.filter((w) => w !== wake);
        reject(new ParlorClientError("timeout", "not connected within the timeout"));
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        if (this.currentState === "open") resolve();
        else reject(new ParlorClientError("closed", "Parlor client is closed"));
      };
      this.openWaiters.push(wake);
    });
  }

  private dropRequest(request: PendingRequest): void {
    const index = this.requests.indexOf(request);
    if (index >= 0) this.requests.splice(index, 1);
  }

  private failRequests(error: Error): void {
    for (const request of this.requests.splice(0)) {
      clearTimeout(request.timer);
      request.reject(error);
    }
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const every = this.options.heartbeatMs;
    if (every <= 0) return;
    this.lastFrameAt = Date.now();
    this.heartbeatTimer = setInterval(() => {
      if (Date.now() - this.lastFrameAt > 2 * every) {
        // Nothing arrived, not even a pong: the connection is dead without a close.
        this.socket.reconnect(1000, "heartbeat timeout");
        return;
      }
      this.sendNow({ type: "ping" });
    }, every);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private nextClientId(): string {
    this.idCounter += 1;
    return `${this.idPrefix}-${this.idCounter.toString(36)}`;
  }

  private emit<K extends keyof ParlorEvents>(event: K, value: ParlorEvents[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<ParlorEvents[K]>)(value);
      } catch (error) {
        console.error("Parlor client listener failed", error);
      }
    }
  }
}

/** 16 random hex characters (crypto.getRandomValues exists in browsers, also on plain http). */
function randomId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
