// Full-text search over a room's message log with SQLite FTS5, in the room's own storage.
//
// The index is an external-content FTS5 table over `messages`. Appends are indexed in batches:
// FTS5 writes a new segment for every statement that adds to it, and with a trigger per append
// that was three quarters of what storing a message cost (`npx tsx bench/profile.ts --n 100
// --senders 10`: 80 µs per append, 22 µs without the index). A mark in the same storage says how
// far the index goes; what lies past it is indexed together every INDEX_BATCH appends, and
// always before a search, so a search still sees every message stored. Deletes (retention trim,
// moderation, room deletion) unindex by trigger, in the same transaction, the rows the mark
// covers: search never returns what history no longer has.

import type { SearchResult } from "../../protocol/search.js";
import { fitting, utf8Bytes } from "../engine/answer-budget.js";

export const MARK_OPEN = "<mark>";
export const MARK_CLOSE = "</mark>";

/** Appends indexed together: each batch is one statement, so one new segment. */
export const INDEX_BATCH = 64;

export class SearchIndex {
  /** Whether the index exists; made on first use, so a room nobody writes to never builds it. */
  private ready = false;
  /** The newest seq the index covers (its mark, cached). */
  private indexed = 0;

  constructor(
    private readonly sql: SqlStorage,
    /** Byte budget of one page of results (ANSWER_BYTE_BUDGET): results carry whole messages. */
    private readonly answerBytes = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * Makes the index before the first append or search of this instance. Not in the constructor:
   * creating FTS5's tables was the largest part of a fresh room's first connect (1.6 of 4.2 ms
   * in `bench/profile.ts --connects --n 100 --rooms 30`), and most rooms are joined before
   * anyone writes.
   */
  ensure(): void {
    if (this.ready) return;
    const { sql } = this;
    sql.exec(
      "CREATE TABLE IF NOT EXISTS search_mark (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL)",
    );
    if (!this.exists("table", "messages_fts")) {
      sql.exec(`
        CREATE VIRTUAL TABLE messages_fts USING fts5(
          text, content = 'messages', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
        );
      `);
      // Messages stored before the index existed (or before search existed) are indexed once.
      sql.exec("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')");
      this.setMark(this.newestSeq());
    } else if (this.exists("trigger", "messages_fts_insert")) {
      // An index from before batching: its trigger indexed every row as it was stored.
      sql.exec("DROP TRIGGER messages_fts_insert; DROP TRIGGER IF EXISTS messages_fts_delete");
      this.setMark(this.newestSeq());
    }
    sql.exec(`
      CREATE TRIGGER IF NOT EXISTS messages_fts_unindex AFTER DELETE ON messages
      WHEN old.seq <= (SELECT seq FROM search_mark WHERE id = 0) BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
      END;
    `);
    this.indexed =
      sql.exec<{ seq: number }>("SELECT seq FROM search_mark WHERE id = 0").toArray()[0]?.seq ?? 0;
    this.ready = true;
  }

  /** Message `seq` was stored (after `ensure`): indexed once a batch has gathered. */
  appended(seq: number): void {
    if (seq - this.indexed >= INDEX_BATCH) this.catchUp(seq);
  }

  /** The log was emptied and numbering starts again at 1: nothing is indexed any more. */
  forget(): void {
    this.ensure();
    this.setMark(0);
  }

  /** Indexes everything stored past the mark up to `newest`, in one statement. */
  private catchUp(newest = this.newestSeq()): void {
    if (newest <= this.indexed) return;
    this.sql.exec(
      "INSERT INTO messages_fts (rowid, text) SELECT seq, text FROM messages WHERE seq > ? AND seq <= ? ORDER BY seq",
      this.indexed,
      newest,
    );
    this.setMark(newest);
  }

  private setMark(seq: number): void {
    this.sql.exec("INSERT OR REPLACE INTO search_mark (id, seq) VALUES (0, ?)", seq);
    this.indexed = seq;
  }

  private newestSeq(): number {
    return this.sql.exec<{ seq: number }>("SELECT COALESCE(MAX(seq), 0) AS seq FROM messages").one()
      .seq;
  }

  private exists(type: "table" | "trigger", name: string): boolean {
    return (
      this.sql
        .exec<{ n: number }>(
          "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = ? AND name = ?",
          type,
          name,
        )
        .one().n > 0
    );
  }

  /**
   * Messages matching every word of `query` (the last one as a prefix), best first (bm25), that
   * `viewer` may see: room messages, and direct messages only when `viewer` is a party.
   */
  search(
    viewer: string | undefined,
    query: string,
    limit: number,
    offset: number,
  ): { results: SearchResult[]; next: number | null } {
    const match = toMatchExpression(query);
    if (!match) return { results: [], next: null };
    this.ensure();
    this.catchUp();
    const rows = this.sql
      .exec<{
        seq: number;
        ts: number;
        sender: string;
        recipient: string | null;
        text: string;
        snippet: string;
      }>(
        `SELECT m.seq, m.ts, m.sender, m.recipient, m.text,
           snippet(messages_fts, 0, '${MARK_OPEN}', '${MARK_CLOSE}', '…', 16) AS snippet
         FROM messages_fts JOIN messages m ON m.seq = messages_fts.rowid
         WHERE messages_fts MATCH ?1
           AND (m.recipient IS NULL OR m.recipient = ?2 OR m.sender = ?2)
         ORDER BY rank, m.seq DESC LIMIT ?3 OFFSET ?4`,
        match,
        viewer ?? null,
        limit + 1,
        offset,
      )
      .toArray();
    const results = rows.slice(0, limit).map((r) => ({
      seq: r.seq,
      name: r.sender,
      message: r.text,
      timestamp: r.ts,
      snippet: r.snippet,
      ...(r.recipient !== null ? { to: r.recipient } : {}),
    }));
    // Cut to the budget (less room for the frame around the results); the next page goes on
    // from the first result left out.
    const n = fitting(results, (r) => utf8Bytes(JSON.stringify(r)), this.answerBytes - 4096);
    if (n < results.length) return { results: results.slice(0, n), next: offset + n };
    return { results, next: rows.length > limit ? offset + limit : null };
  }
}

/**
 * Words only, each quoted, so nothing a user types is read as FTS5 syntax (no errors, no
 * column filters); the last word matches as a prefix, for search as you type.
 */
export function toMatchExpression(query: string): string | null {
  const words = query.match(/[\p{L}\p{N}_]+/gu);
  if (!words) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? "*" : ""}`).join(" ");
}
