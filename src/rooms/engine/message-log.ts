// A room's messages in Durable Object SQLite, each with a per-room sequence number.
// Appends are synchronous SQLite writes; the runtime's output gate holds every frame the
// room sends until the write is durable, so nothing is acked or broadcast before it is stored.

export interface StoredMessage {
  seq: number;
  /** Milliseconds since the epoch, set by the server. */
  ts: number;
  /** "message" (to the room) or "direct" (to one user). */
  kind: "message" | "direct";
  sender: string;
  /** Set for direct messages: only sender and recipient ever see them. */
  recipient: string | null;
  text: string;
  clientId: string | null;
  /** Dialect extras kept with the message (seed 003 direct payloads), JSON. */
  extra: string | null;
}

/** Whether a resume can replay what was missed (then read it with `newestFirst`). */
export type ResumeResult = { status: "ok" } | { status: "reload"; reason: string };

export interface AppendInput {
  kind: StoredMessage["kind"];
  sender: string;
  recipient?: string | null;
  text: string;
  clientId?: string | null;
  extra?: string | null;
  /**
   * Whose clientIds this message's counts among (acks de-duplicate per author): the sender's
   * verified subject in secure mode; the sender's name when absent.
   */
  author?: string;
}

const COLUMNS = "seq, ts, kind, sender, recipient, text, client_id AS clientId, extra";
/** Room messages plus the direct messages this viewer sent or received. */
const VISIBLE = "(recipient IS NULL OR recipient = ?1 OR sender = ?1)";

export class MessageLog {
  private lastSeqCache: number;
  readonly epoch: string;

  constructor(
    private readonly sql: SqlStorage,
    private readonly retention: number,
    /** Benchmark-only switch (BENCH_DISABLE=persistence): sequence numbers without the write. */
    private readonly persist = true,
  ) {
    sql.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS messages (
        seq INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        kind TEXT NOT NULL,
        sender TEXT NOT NULL,
        recipient TEXT,
        text TEXT NOT NULL,
        client_id TEXT,
        extra TEXT,
        author TEXT
      );
    `);
    addAuthorColumn(sql);
    sql.exec(
      "CREATE INDEX IF NOT EXISTS messages_author_client ON messages (author, client_id) WHERE client_id IS NOT NULL",
    );
    this.epoch = this.meta("epoch") ?? this.newEpoch();
    // The newest row holds the last sequence number; `last_seq` in meta only matters after a wipe
    // (an empty log), so appends do not write it.
    const newest = sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM messages").one();
    this.lastSeqCache = Math.max(newest.seq ?? 0, Number(this.meta("last_seq") ?? 0));
  }

  get lastSeq(): number {
    return this.lastSeqCache;
  }

  /** The oldest sequence number still stored (lastSeq + 1 when the log is empty). */
  get firstSeq(): number {
    const row = this.sql.exec<{ seq: number | null }>("SELECT MIN(seq) AS seq FROM messages").one();
    return row.seq ?? this.lastSeqCache + 1;
  }

  /** Finds an earlier message from `author` (AppendInput.author) with this client id (a resend). */
  findByClientId(author: string, clientId: string): StoredMessage | null {
    return (
      this.sql
        .exec<StoredMessage & Record<string, SqlStorageValue>>(
          `SELECT ${COLUMNS} FROM messages WHERE author = ? AND client_id = ? LIMIT 1`,
          author,
          clientId,
        )
        .toArray()[0] ?? null
    );
  }

  append(input: AppendInput, now = Date.now()): StoredMessage {
    const message: StoredMessage = {
      seq: this.lastSeqCache + 1,
      ts: now,
      kind: input.kind,
      sender: input.sender,
      recipient: input.recipient ?? null,
      text: input.text,
      clientId: input.clientId ?? null,
      extra: input.extra ?? null,
    };
    if (this.persist)
      this.sql.exec(
        "INSERT INTO messages (seq, ts, kind, sender, recipient, text, client_id, extra, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        message.seq,
        message.ts,
        message.kind,
        message.sender,
        message.recipient,
        message.text,
        message.clientId,
        message.extra,
        input.author ?? input.sender,
      );
    this.lastSeqCache = message.seq;
    // Bounded retention: keep the newest `retention` messages, trimmed every 64 appends.
    if (message.seq % 64 === 0 || this.retention < 64) {
      this.sql.exec("DELETE FROM messages WHERE seq <= ?", message.seq - this.retention);
    }
    return message;
  }

  /** The newest `limit` messages below `before` that `viewer` may see, oldest first. */
  page(
    viewer: string | undefined,
    limit: number,
    before = Number.MAX_SAFE_INTEGER,
  ): { messages: StoredMessage[]; hasMore: boolean } {
    const rows = this.sql
      .exec<StoredMessage & Record<string, SqlStorageValue>>(
        `SELECT ${COLUMNS} FROM messages WHERE seq < ?2 AND ${VISIBLE} ORDER BY seq DESC LIMIT ?3`,
        viewer ?? null,
        before,
        limit + 1,
      )
      .toArray();
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse(), hasMore };
  }

  /**
   * The messages `viewer` may see with `after < seq < before`, newest first, read in chunks as
   * they are consumed: a caller that stops at a byte budget reads little more than it sends.
   */
  *newestFirst(
    viewer: string | undefined,
    after = 0,
    before = Number.MAX_SAFE_INTEGER,
  ): Generator<StoredMessage> {
    // Nothing is newer than the last seq (an empty room, a resume that missed nothing): no query.
    if (after >= this.lastSeqCache) return;
    const chunk = 32;
    for (;;) {
      const rows = this.sql
        .exec<StoredMessage & Record<string, SqlStorageValue>>(
          `SELECT ${COLUMNS} FROM messages WHERE seq > ?2 AND seq < ?3 AND ${VISIBLE} ORDER BY seq DESC LIMIT ?4`,
          viewer ?? null,
          after,
          before,
          chunk,
        )
        .toArray();
      yield* rows;
      if (rows.length < chunk) return;
      before = rows[rows.length - 1]!.seq;
    }
  }

  /** About `limit` messages `viewer` may see around `seq` (it included), oldest first. */
  around(
    viewer: string | undefined,
    seq: number,
    limit: number,
  ): { messages: StoredMessage[]; hasMore: boolean; hasNewer: boolean } {
    const older = this.page(viewer, Math.max(1, Math.ceil(limit / 2)), seq + 1);
    const wantNewer = Math.max(0, limit - older.messages.length);
    const newer = this.after(viewer, seq, wantNewer + 1);
    return {
      messages: [...older.messages, ...newer.slice(0, wantNewer)],
      hasMore: older.hasMore,
      hasNewer: newer.length > wantNewer,
    };
  }

  /** Up to `limit` messages `viewer` may see after `seq`, oldest first. */
  private after(viewer: string | undefined, seq: number, limit: number): StoredMessage[] {
    return this.sql
      .exec<StoredMessage & Record<string, SqlStorageValue>>(
        `SELECT ${COLUMNS} FROM messages WHERE seq > ?2 AND ${VISIBLE} ORDER BY seq ASC LIMIT ?3`,
        viewer ?? null,
        seq,
        limit,
      )
      .toArray();
  }

  /** Removes one message (moderation); returns it, or null when there is none with that seq. */
  remove(seq: number): StoredMessage | null {
    const rows = this.sql
      .exec<StoredMessage & Record<string, SqlStorageValue>>(
        `DELETE FROM messages WHERE seq = ? RETURNING ${COLUMNS}`,
        seq,
      )
      .toArray();
    return rows[0] ?? null;
  }

  /** When the newest message was stored (0 when the log is empty). */
  get lastActivity(): number {
    const row = this.sql
      .exec<{ ts: number }>("SELECT ts FROM messages ORDER BY seq DESC LIMIT 1")
      .toArray()[0];
    return row?.ts ?? 0;
  }

  /**
   * "ok" when the log still holds everything `viewer` may see after `since` (same epoch,
   * nothing trimmed, at most `max` messages); otherwise "reload".
   */
  since(viewer: string | undefined, since: number, epoch: string, max: number): ResumeResult {
    if (epoch !== this.epoch) return { status: "reload", reason: "epoch changed" };
    if (since > this.lastSeqCache) return { status: "reload", reason: "unknown sequence" };
    if (since + 1 < this.firstSeq) return { status: "reload", reason: "beyond retention" };
    const missed = this.sql
      .exec<{ n: number }>(
        `SELECT COUNT(*) AS n FROM (SELECT 1 FROM messages WHERE seq > ?2 AND ${VISIBLE} LIMIT ?3)`,
        viewer ?? null,
        since,
        max + 1,
      )
      .one().n;
    if (missed > max) return { status: "reload", reason: "too many missed messages" };
    return { status: "ok" };
  }

  /** Wipes the log; the new epoch tells resuming clients to reload. */
  wipe(): void {
    this.sql.exec("DELETE FROM messages");
    this.setMeta("last_seq", "0");
    this.lastSeqCache = 0;
    (this as { epoch: string }).epoch = this.newEpoch();
  }

  private newEpoch(): string {
    const epoch = crypto.randomUUID();
    this.setMeta("epoch", epoch);
    return epoch;
  }
  private meta(key: string): string | undefined {
    return this.sql
      .exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key)
      .toArray()[0]?.value;
  }
  private setMeta(key: string, value: string): void {
    this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, value);
  }
}

/** Logs stored before acks de-duplicated per author: their authors are their senders' names. */
function addAuthorColumn(sql: SqlStorage): void {
  try {
    sql.exec("SELECT author FROM messages LIMIT 0");
    return;
  } catch {
    // an older log: no author column yet
  }
  sql.exec("ALTER TABLE messages ADD COLUMN author TEXT");
  sql.exec("UPDATE messages SET author = sender");
  sql.exec("DROP INDEX IF EXISTS messages_client");
}
