// Full-text search over a room's message log with SQLite FTS5, in the room's own storage.
//
// The index is an external-content FTS5 table over `messages`, kept in step by triggers: an
// append indexes the message, and every delete (retention trim, moderation, room deletion)
// unindexes it in the same transaction, so search can never return what history no longer has.
// The room makes it (`ensure`) before its first append, so no message is ever stored unindexed.

import type { SearchResult } from "../../protocol/rooms-rest.js";
import { fitting, utf8Bytes } from "../engine/answer-budget.js";

export const MARK_OPEN = "<mark>";
export const MARK_CLOSE = "</mark>";

export class SearchIndex {
  /** Whether the index exists; made on first use, so a room nobody writes to never builds it. */
  private ready = false;

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
    const existed =
      sql
        .exec<{ n: number }>(
          "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'messages_fts'",
        )
        .one().n > 0;
    if (!existed) {
      sql.exec(`
        CREATE VIRTUAL TABLE messages_fts USING fts5(
          text, content = 'messages', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER IF NOT EXISTS messages_fts_insert AFTER INSERT ON messages BEGIN
          INSERT INTO messages_fts (rowid, text) VALUES (new.seq, new.text);
        END;
        CREATE TRIGGER IF NOT EXISTS messages_fts_delete AFTER DELETE ON messages BEGIN
          INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
        END;
      `);
      // Messages stored before the index existed (or before search existed) are indexed once.
      sql.exec("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')");
    }
    this.ready = true;
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
