// The typed Parlor client SDK for browsers and Node (`WS /ws?room=R&name=N`, docs/protocol.md).
// This class wires the parts together: the connection with backoff and receipts (transport.ts),
// the queue of unacknowledged sends (send-queue.ts), resume and de-duplication (room-log.ts),
// history requests (history-requests.ts) and typed events (events.ts). It imports only
// `src/protocol` (schemas shared with the server), never server code.
import { MAX_NAME_LENGTH } from "../protocol/limits.js";
import type {
  HistoryEntry,
  ParlorClientFrame,
  ParlorServerFrame,
  ServerAck,
  ServerWelcome,
} from "../protocol/parlor.js";
import { ClientIds } from "./client-ids.js";
import { connectUrl, socketEndpoint } from "./connect-url.js";
import {
  decodeServerFrame,
  Emitter,
  type Listener,
  type ParlorEvents,
  type ServerHistory,
  type ServerSearch,
} from "./events.js";
import { OpenWaiters } from "./open-waiters.js";
import {
  type ClientState,
  ParlorClientError,
  type ParlorClientOptions,
  type ResolvedOptions,
  resolveOptions,
  type StateChange,
  webSocketClass,
} from "./options.js";
import { checkOutgoing } from "./outgoing.js";
import { Requests } from "./requests.js";
import { ResumeGap } from "./resume-gap.js";
import { RoomLog } from "./room-log.js";
import { SendQueue } from "./send-queue.js";
import { Transport } from "./transport.js";

export class ParlorClient {
  readonly room: string;
  readonly name: string;
  private readonly options: ResolvedOptions;
  private readonly base: string;
  private readonly token: ParlorClientOptions["token"];
  private readonly events = new Emitter<ParlorEvents>();
  private readonly log: RoomLog;
  private readonly queue: SendQueue;
  private readonly requests: Requests;
  private readonly transport: Transport;
  private currentState: ClientState = "connecting";
  private readonly openWaiters = new OpenWaiters(() => this.currentState);
  private readonly clientIds = new ClientIds();
  private readonly gap = new ResumeGap();

  constructor(options: ParlorClientOptions) {
    const name = options.name.trim();
    if (!name || name.length > MAX_NAME_LENGTH) {
      throw new ParlorClientError("bad_request", `name must be 1-${MAX_NAME_LENGTH} characters`);
    }
    this.room = options.room;
    this.name = name;
    this.token = options.token;
    this.base = socketEndpoint(options.url);
    this.options = resolveOptions(options);
    this.requests = new Requests(this.options.requestTimeoutMs, this.openWaiters, (f) =>
      this.sendNow(f),
    );
    this.log = new RoomLog(this.options.maxLog);
    this.queue = new SendQueue(this.options.maxQueue, this.options.maxInFlight, (frame) =>
      this.sendNow(frame),
    );
    this.transport = new Transport(webSocketClass(options), this.options, {
      // A token or ticket function is asked again before every attempt (reconnects included).
      url: async () =>
        connectUrl(this.base, this.room, this.name, this.log.resumeQuery(), {
          ticket: options.ticket,
          token: typeof this.token === "function" ? await this.token() : this.token,
        }),
      onFrame: (data) => this.onRaw(data),
      lastSeq: () => this.log.seq,
      onClose: (code, reason) => this.onClose(code, reason),
      onBackoff: (attempt, delayMs) => this.setState({ state: "reconnecting", attempt, delayMs }),
      onGiveUp: () => this.finish("max retries reached"),
    });
  }

  // ---- reading state ----------------------------------------------------------------------

  get state(): ClientState {
    return this.currentState;
  }
  /** The newest sequence number seen; a reconnect resumes after it. */
  get lastSeq(): number {
    return this.log.seq;
  }
  get roomEpoch(): string | undefined {
    return this.log.epoch;
  }
  /** Messages received so far, oldest first, each sequence number once (at most `maxLog`). */
  get messages(): readonly HistoryEntry[] {
    return this.log.entries;
  }
  /** Who was present at the last welcome, kept current by join and leave events. */
  get welcome(): ServerWelcome | undefined {
    return this.log.welcome;
  }
  /** Messages waiting for their ack (queued while disconnected, or in flight). */
  get queued(): number {
    return this.queue.size;
  }

  on<K extends keyof ParlorEvents>(event: K, listener: Listener<ParlorEvents[K]>): () => void {
    return this.events.on(event, listener);
  }

  // ---- sending ------------------------------------------------------------------------------

  /** Sends a room message; resolves with the server's ack (queued while disconnected). */
  send(text: string, options: { clientId?: string } = {}): Promise<ServerAck> {
    const clientId = options.clientId ?? this.clientIds.next();
    return this.enqueue({ type: "message", message: text, clientId });
  }

  /** Sends a direct message that only `to` and this user will ever see. */
  sendDirect(to: string, text: string, options: { clientId?: string } = {}): Promise<ServerAck> {
    const clientId = options.clientId ?? this.clientIds.next();
    return this.enqueue({ type: "direct", to, message: text, clientId });
  }

  /** Tells the room this user is (or stopped) typing. Dropped when not connected. */
  typing(isTyping = true): boolean {
    return this.sendNow({ type: "typing", typing: isTyping });
  }
  /** One page of older history: messages below `before` (default: the newest), oldest first. */
  history(before?: number, limit = 50): Promise<ServerHistory> {
    return this.requests.history(before, limit);
  }
  /** Messages around `seq` (half before, half after), to show a search result in context. */
  historyAround(seq: number, limit = 50): Promise<ServerHistory> {
    return this.requests.around(seq, limit);
  }
  /** Full-text search of the room (and this user's direct messages), best match first. */
  search(query: string, options: { limit?: number; offset?: number } = {}): Promise<ServerSearch> {
    return this.requests.search(query, options);
  }

  /** While waiting out a reconnect backoff, tries at once (a "retry now" button). */
  reconnectNow(): void {
    this.transport.skipBackoff();
  }

  /** Closes for good: no reconnect; unacknowledged sends and open requests reject. */
  close(code = 1000, reason = "client closed"): void {
    if (this.currentState === "closed") return;
    this.finish("closed by client", code, reason);
  }

  // ---- connecting ---------------------------------------------------------------------------

  private onClose(code: number, reason: string): void {
    if (this.currentState === "closed") return;
    this.gap.abandon();
    this.requests.failAll(new ParlorClientError("disconnected", "connection closed"));
    if (!this.transport.willReconnect) {
      this.finish(`closed by server (${code})`, code, reason);
      return;
    }
    this.setState({ state: "reconnecting", code, reason, attempt: this.transport.nextAttempt });
  }

  private finish(why: string, code?: number, reason?: string): void {
    if (this.currentState === "closed") return;
    this.currentState = "closed";
    this.transport.close(code === undefined || code < 3000 ? 1000 : code, reason ?? why);
    const error = new ParlorClientError("closed", `Parlor client stopped: ${why}`);
    this.queue.failAll(error);
    this.requests.failAll(error);
    this.openWaiters.wakeAll();
    this.events.emit("state", {
      state: "closed",
      ...(code !== undefined ? { code } : {}),
      reason: reason ?? why,
    });
  }

  private setState(change: StateChange): void {
    if (this.currentState === "closed") return;
    this.currentState = change.state;
    this.events.emit("state", change);
  }

  // ---- receiving ----------------------------------------------------------------------------

  private onRaw(data: unknown): void {
    const parsed = decodeServerFrame(data);
    if ("problem" in parsed) {
      this.events.emit("error", {
        type: "error",
        code: "invalid_server_frame",
        message: parsed.problem,
      });
      return;
    }
    this.onFrame(parsed.frame);
  }

  private onFrame(frame: ParlorServerFrame): void {
    switch (frame.type) {
      case "welcome":
        this.onWelcome(frame);
        return;
      case "message":
      case "direct":
        if (!this.gap.hold(frame) && this.log.add(frame)) this.emitEntry(frame);
        this.transport.processed(this.log.seq);
        return;
      case "ack":
        this.queue.acked(frame);
        this.events.emit("ack", frame);
        return;
      case "join":
      case "leave":
      case "presence":
        this.log.presence(frame);
        if (frame.type === "join") this.events.emit("join", frame);
        else if (frame.type === "leave") this.events.emit("leave", frame);
        else this.events.emit("presence", frame);
        return;
      case "batch":
        // Several joins and leaves at once: each as if it had come alone.
        for (const inner of frame.frames) this.onFrame(inner);
        return;
      case "typing":
        this.events.emit("typing", frame);
        return;
      case "history":
      case "search":
        this.requests.answered(frame);
        return;
      case "deleted":
        this.log.remove(frame.seq);
        this.events.emit("deleted", frame);
        return;
      case "room_deleted":
        this.events.emit("roomDeleted", frame);
        return;
      case "error":
        if (!this.requests.refused(frame)) this.queue.refused(frame);
        this.events.emit("error", frame);
        return;
      case "pong":
        return;
    }
  }

  private onWelcome(welcome: ServerWelcome): void {
    const before = ResumeGap.start(welcome, this.log.epoch);
    if (before === null) for (const entry of this.log.welcomed(welcome)) this.emitEntry(entry);
    this.transport.welcomed();
    this.setState({ state: "open" });
    if (before === null) this.events.emit("welcome", welcome);
    if (welcome.resume === "reload") this.events.emit("reload", welcome);
    this.openWaiters.wakeAll();
    // Everything unacknowledged goes (again); a stored clientId is acked as a duplicate.
    this.queue.resendAll();
    // A replay cut to the server's byte budget: the rest is paged in before any of it is shown.
    if (before !== null)
      void this.gap.fill(welcome, this.log.seq, before, this.requests, {
        done: (whole, held) => {
          const fresh = [...this.log.welcomed(whole), ...held.filter((e) => this.log.add(e))];
          for (const entry of fresh) this.emitEntry(entry);
          this.events.emit("welcome", whole);
        },
        failed: () => this.transport.reconnect("resume incomplete"),
      });
  }

  private emitEntry(entry: HistoryEntry): void {
    if (entry.type === "message") this.events.emit("message", entry);
    else this.events.emit("direct", entry);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private enqueue(frame: Parameters<typeof checkOutgoing>[0]): Promise<ServerAck> {
    const checked = checkOutgoing(frame);
    if (checked instanceof ParlorClientError) return Promise.reject(checked);
    if (this.currentState === "closed") {
      return Promise.reject(new ParlorClientError("closed", "Parlor client is closed"));
    }
    return this.queue.add(checked);
  }

  private sendNow(frame: ParlorClientFrame): boolean {
    if (this.currentState !== "open") return false;
    return this.transport.send(JSON.stringify(frame));
  }
}
