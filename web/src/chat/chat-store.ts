// The chat's state, outside React: one ParlorClient and an immutable snapshot of everything the
// view shows, replaced on every change (React reads it with useSyncExternalStore).
import {
  type HistoryEntry,
  ParlorClient,
  type ParlorClientError,
  type ServerHistory,
  type ServerSearch,
} from "../../../src/client/index.js";
import {
  type Connection,
  describeError,
  type Ended,
  endedBy,
  mergeBySeq,
  toConnection,
} from "./store-helpers.js";

export type { Connection, Ended } from "./store-helpers.js";

/** A message this tab sent that is not yet in the log: queued, in flight, or refused. */
export interface PendingMessage {
  clientId: string;
  text: string;
  /** Set for a direct message. */
  to?: string;
  status: "sending" | "failed";
  error?: string;
  createdAt: number;
}

/** A join or leave, shown in the room's timeline after the message that preceded it. */
export interface Notice {
  id: number;
  kind: "join" | "leave";
  name: string;
  afterSeq: number;
  at: number;
}

export interface ChatSnapshot {
  me: string;
  room: string;
  connection: Connection;
  /** Room and direct messages this user may see, by sequence number. */
  entries: readonly HistoryEntry[];
  pending: readonly PendingMessage[];
  notices: readonly Notice[];
  users: readonly string[];
  count: number;
  typing: readonly string[];
  hasMore: boolean;
  loadingOlder: boolean;
  /** Messages the room's owner removed while this page was open (to drop from other views). */
  removed: ReadonlySet<number>;
  /** Set when the owner kicked or banned this person, or deleted the room. */
  ended?: Ended;
}

export interface ChatOptions {
  url: string;
  room: string;
  name: string;
  /** Secure mode: called before every connection attempt for a fresh token. */
  token?: () => string | Promise<string>;
  /** A password room: called before every connection attempt for a fresh single-use ticket. */
  ticket?: () => string | Promise<string>;
}

/** How long a "typing" lasts without a refresh (the typist refreshes every few seconds). */
const TYPING_TTL_MS = 6000;
const OLDER_PAGE = 50;
const SEARCH_PAGE = 20;

export class ChatStore {
  private readonly client: ParlorClient;
  private snapshot: ChatSnapshot;
  private readonly listeners = new Set<() => void>();
  /** Pages loaded by scrolling up; the SDK's `messages` holds the rest. */
  private older: HistoryEntry[] = [];
  private readonly typingUntil = new Map<string, number>();
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private noticeId = 0;
  private clientIdCounter = 0;
  private readonly clientIdPrefix = Math.random().toString(36).slice(2, 10);

  constructor(options: ChatOptions) {
    this.client = new ParlorClient(options);
    this.snapshot = {
      me: this.client.name,
      room: options.room,
      connection: { state: "connecting" },
      entries: [],
      pending: [],
      notices: [],
      users: [],
      count: 0,
      typing: [],
      hasMore: false,
      loadingOlder: false,
      removed: new Set(),
    };
    const c = this.client;
    c.on("welcome", (welcome) => {
      if (welcome.resume !== "ok") {
        this.older = [];
        this.update({ hasMore: welcome.hasMore });
      }
      this.syncLog();
    });
    c.on("message", (m) => {
      this.stopTyping(m.name);
      this.syncLog();
    });
    c.on("direct", () => this.syncLog());
    c.on("join", (j) => this.addNotice("join", j.name));
    c.on("leave", (l) => {
      this.stopTyping(l.name);
      this.addNotice("leave", l.name);
    });
    c.on("presence", () => this.syncPresence());
    c.on("typing", (t) => {
      if (t.name === this.client.name) return;
      if (t.typing) this.typingUntil.set(t.name, Date.now() + TYPING_TTL_MS);
      else this.typingUntil.delete(t.name);
      this.syncTyping();
    });
    c.on("deleted", ({ seq }) => {
      // The SDK already dropped it from its log; loaded older pages must not bring it back.
      this.older = this.older.filter((entry) => entry.seq !== seq);
      this.update({ removed: new Set(this.snapshot.removed).add(seq) });
      this.syncLog();
    });
    c.on("roomDeleted", () => this.update({ ended: "deleted" }));
    c.on("state", (change) => {
      const ended = change.state === "closed" ? endedBy(change.code) : undefined;
      this.update({ connection: toConnection(change), ...(ended ? { ended } : {}) });
      // The SDK reports "open" just before its welcome event: its log is already current.
      if (change.state === "open") this.syncLog();
    });
  }

  // ---- for React ------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ChatSnapshot => this.snapshot;

  // ---- actions ----------------------------------------------------------------------------

  /** Sends a room message, or a direct message when `to` is given; shown as pending until stored. */
  send(text: string, to?: string): void {
    const clientId = `${this.clientIdPrefix}-${(++this.clientIdCounter).toString(36)}`;
    const item: PendingMessage = { clientId, text, status: "sending", createdAt: Date.now() };
    if (to !== undefined) item.to = to;
    this.update({ pending: [...this.snapshot.pending, item] });
    const sent =
      to === undefined
        ? this.client.send(text, { clientId })
        : this.client.sendDirect(to, text, { clientId });
    sent.then(
      () => this.syncLog(),
      (error: ParlorClientError) =>
        this.updatePending(clientId, { status: "failed", error: describeError(error) }),
    );
  }

  /** Sends a refused message again (as a new message). */
  retry(clientId: string): void {
    const item = this.discard(clientId);
    if (item) this.send(item.text, item.to);
  }

  discard(clientId: string): PendingMessage | undefined {
    const item = this.snapshot.pending.find((p) => p.clientId === clientId);
    this.update({ pending: this.snapshot.pending.filter((p) => p !== item) });
    return item;
  }

  typing(isTyping: boolean): void {
    this.client.typing(isTyping);
  }

  reconnectNow(): void {
    this.client.reconnectNow();
  }

  /** Loads the page of messages before the oldest one shown. */
  async loadOlder(): Promise<void> {
    const { entries, hasMore, loadingOlder } = this.snapshot;
    if (!hasMore || loadingOlder || this.snapshot.connection.state !== "open") return;
    const before = entries[0]?.seq;
    this.update({ loadingOlder: true });
    try {
      const page = await this.client.history(before, OLDER_PAGE);
      this.older = mergeBySeq(page.messages, this.older);
      this.update({ hasMore: page.hasMore });
      this.syncLog();
    } catch {
      // Disconnected mid-request: the next scroll tries again.
    } finally {
      this.update({ loadingOlder: false });
    }
  }

  /** Full-text search over the socket: room messages and this user's direct messages. */
  search(query: string, offset = 0): Promise<ServerSearch> {
    return this.client.search(query, { offset, limit: SEARCH_PAGE });
  }

  /** The messages around one, to show it in context. */
  around(seq: number): Promise<ServerHistory> {
    return this.client.historyAround(seq, OLDER_PAGE);
  }

  /** A page of messages before `seq`, for scrolling up from a message shown in context. */
  before(seq: number): Promise<ServerHistory> {
    return this.client.history(seq, OLDER_PAGE);
  }

  close(): void {
    clearTimeout(this.typingTimer);
    this.client.close();
  }

  // ---- internals --------------------------------------------------------------------------

  private update(patch: Partial<ChatSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  private updatePending(clientId: string, patch: Partial<PendingMessage>): void {
    this.update({
      pending: this.snapshot.pending.map((p) => (p.clientId === clientId ? { ...p, ...patch } : p)),
    });
  }

  /** Rebuilds entries from loaded pages and the SDK's log; drops pending messages now stored. */
  private syncLog(): void {
    const entries = mergeBySeq(this.older, this.client.messages);
    const stored = new Set<string>();
    for (const entry of entries) {
      const sender = entry.type === "message" ? entry.name : entry.from;
      if (entry.clientId && sender === this.client.name) stored.add(entry.clientId);
    }
    const pending = this.snapshot.pending.filter((p) => !stored.has(p.clientId));
    const welcome = this.client.welcome;
    this.update({
      entries,
      pending: pending.length === this.snapshot.pending.length ? this.snapshot.pending : pending,
      users: welcome?.users ?? [],
      count: welcome?.count ?? 0,
    });
  }

  private syncPresence(): void {
    const welcome = this.client.welcome;
    this.update({ users: welcome?.users ?? [], count: welcome?.count ?? 0 });
  }

  private addNotice(kind: Notice["kind"], name: string): void {
    const notice: Notice = {
      id: ++this.noticeId,
      kind,
      name,
      afterSeq: this.client.lastSeq,
      at: Date.now(),
    };
    // Only the latest notices matter in a busy room.
    const notices = [...this.snapshot.notices, notice].slice(-200);
    this.update({ notices });
    this.syncPresence();
  }

  private stopTyping(name: string): void {
    if (this.typingUntil.delete(name)) this.syncTyping();
  }

  private syncTyping(): void {
    const now = Date.now();
    for (const [name, until] of this.typingUntil) if (until <= now) this.typingUntil.delete(name);
    this.update({ typing: [...this.typingUntil.keys()].sort() });
    clearTimeout(this.typingTimer);
    if (this.typingUntil.size > 0) {
      const next = Math.min(...this.typingUntil.values()) - now;
      this.typingTimer = setTimeout(() => this.syncTyping(), Math.max(next, 50));
    }
  }
}
