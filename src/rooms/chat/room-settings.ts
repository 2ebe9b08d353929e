// A room's own metadata in its SQLite: whether it was created (and by whom: the hash of its
// owner key), its visibility, its password hash, its bans, the tickets it has issued and the
// wrong-password count per client. A room that was never created has none of it and works as
// rooms always did: public, no password, no owner.
import { TICKET_TTL_MS } from "../../protocol/limits.js";
import type { DirectoryReport } from "../directory/room-directory.js";
import { type PasswordHash, randomToken, sha256 } from "./secrets.js";

export interface RoomInfo {
  name: string;
  visibility: "public" | "private";
  ownerHash: string;
  password: PasswordHash | null;
  createdAt: number;
}

/** Wrong passwords allowed at full speed, per client, before answers slow down. */
export const FREE_GUESSES = 3;
/** Added to each answer after the free guesses: 1 s, then 2 s, ... */
export const GUESS_DELAY_MS = 1000;
/** After this many wrong passwords the client is refused (429) for LOCKOUT_MS. */
export const MAX_GUESSES = 5;
export const LOCKOUT_MS = 60_000;
/** Wrong guesses are forgotten after this long without one. */
const GUESS_WINDOW_MS = 15 * 60_000;

export type GuessVerdict =
  | { locked: false; delayMs: number }
  | { locked: true; retryAfterMs: number };

export class RoomSettings {
  private cached: RoomInfo | null | undefined;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`
      CREATE TABLE IF NOT EXISTS room_info (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        visibility TEXT NOT NULL,
        owner_hash TEXT NOT NULL,
        password_hash TEXT,
        password_salt TEXT,
        password_iterations INTEGER,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS bans (user TEXT PRIMARY KEY, at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS tickets (hash TEXT PRIMARY KEY, expires INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS guesses (
        client TEXT PRIMARY KEY, wrong INTEGER NOT NULL, last INTEGER NOT NULL, locked_until INTEGER
      );
    `);
  }

  /** The room's metadata, or null when it was never created (or was deleted). */
  get info(): RoomInfo | null {
    if (this.cached !== undefined) return this.cached;
    const row = this.sql
      .exec<{
        name: string;
        visibility: string;
        owner_hash: string;
        password_hash: string | null;
        password_salt: string | null;
        password_iterations: number | null;
        created_at: number;
      }>("SELECT * FROM room_info WHERE id = 1")
      .toArray()[0];
    this.cached = row
      ? {
          name: row.name,
          visibility: row.visibility === "private" ? "private" : "public",
          ownerHash: row.owner_hash,
          password:
            row.password_hash && row.password_salt
              ? {
                  hash: row.password_hash,
                  salt: row.password_salt,
                  iterations: row.password_iterations ?? 0,
                }
              : null,
          createdAt: row.created_at,
        }
      : null;
    return this.cached;
  }

  create(info: RoomInfo): void {
    this.sql.exec(
      `INSERT INTO room_info (id, name, visibility, owner_hash, password_hash, password_salt,
         password_iterations, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
      info.name,
      info.visibility,
      info.ownerHash,
      info.password?.hash ?? null,
      info.password?.salt ?? null,
      info.password?.iterations ?? null,
      info.createdAt,
    );
    this.cached = info;
  }

  /** Forgets everything: owner, password, bans, tickets. */
  erase(): void {
    this.sql.exec(
      "DELETE FROM room_info; DELETE FROM bans; DELETE FROM tickets; DELETE FROM guesses",
    );
    this.cached = null;
    this.anyBans = false;
  }

  /** Why a user may not connect (banned; no or a bad ticket in a password room), or null. */
  async refusal(
    user: string | undefined,
    ticket: string | null,
  ): Promise<{ status: 401 | 403; error: string } | null> {
    if (this.isBanned(user)) return { status: 403, error: "banned from this room" };
    if (!this.info?.password) return null;
    if (!ticket) return { status: 401, error: "ticket required" };
    if (!(await this.redeemTicket(ticket)))
      return { status: 403, error: "invalid or expired ticket" };
    return null;
  }

  /**
   * What the directory shows of the room; null while its name is unknown. A room that was never
   * created is listed while someone is in it.
   */
  directoryReport(
    name: string | undefined,
    online: number,
    presenceChangedAt: number,
    lastMessageAt: number,
  ): DirectoryReport | null {
    const info = this.info;
    const roomName = info?.name ?? name;
    if (!roomName) return null;
    return {
      name: roomName,
      online,
      lastActivity: Math.max(lastMessageAt, info?.createdAt ?? 0, presenceChangedAt),
      hasPassword: Boolean(info?.password),
      listed: info ? info.visibility === "public" : online > 0,
    };
  }

  // ---- bans ----
  /**
   * Whether the room has banned anyone (a cache, read once per wake): most rooms never have, so
   * a connect there skips the lookup.
   */
  private anyBans: boolean | undefined;

  isBanned(user: string | undefined): boolean {
    if (user === undefined) return false;
    this.anyBans ??= this.sql.exec("SELECT 1 FROM bans LIMIT 1").toArray().length > 0;
    if (!this.anyBans) return false;
    return this.sql.exec("SELECT 1 FROM bans WHERE user = ?", user).toArray().length > 0;
  }
  ban(user: string, now = Date.now()): void {
    this.sql.exec("INSERT OR REPLACE INTO bans (user, at) VALUES (?, ?)", user, now);
    this.anyBans = true;
  }
  /** Returns whether the user was banned. */
  unban(user: string): boolean {
    this.anyBans = undefined;
    return (
      this.sql.exec("DELETE FROM bans WHERE user = ? RETURNING user", user).toArray().length > 0
    );
  }
  bans(): string[] {
    return this.sql
      .exec<{ user: string }>("SELECT user FROM bans ORDER BY at")
      .toArray()
      .map((r) => r.user);
  }

  // ---- tickets: single use, short-lived, stored only as hashes ----
  async issueTicket(now = Date.now()): Promise<{ ticket: string; expiresAt: number }> {
    this.sql.exec("DELETE FROM tickets WHERE expires <= ?", now);
    const ticket = randomToken();
    const expiresAt = now + TICKET_TTL_MS;
    this.sql.exec(
      "INSERT INTO tickets (hash, expires) VALUES (?, ?)",
      await sha256(ticket),
      expiresAt,
    );
    return { ticket, expiresAt };
  }
  /** Spends a ticket: true once, if it was issued here and has not expired. */
  async redeemTicket(ticket: string, now = Date.now()): Promise<boolean> {
    const hash = await sha256(ticket);
    const rows = this.sql
      .exec<{ expires: number }>("DELETE FROM tickets WHERE hash = ? RETURNING expires", hash)
      .toArray();
    return rows.length > 0 && rows[0]!.expires > now;
  }

  // ---- wrong-password throttling, per client ----
  /** Whether this client may guess now. */
  guessAllowed(client: string, now = Date.now()): GuessVerdict {
    const row = this.guessRow(client, now);
    if (row?.locked_until && row.locked_until > now) {
      return { locked: true, retryAfterMs: row.locked_until - now };
    }
    return { locked: false, delayMs: 0 };
  }
  /** Counts a wrong guess; says how long to hold the answer, or that the client is now locked. */
  wrongGuess(client: string, now = Date.now()): GuessVerdict {
    const wrong = (this.guessRow(client, now)?.wrong ?? 0) + 1;
    const lockedUntil = wrong >= MAX_GUESSES ? now + LOCKOUT_MS : null;
    this.sql.exec(
      "INSERT OR REPLACE INTO guesses (client, wrong, last, locked_until) VALUES (?, ?, ?, ?)",
      client,
      lockedUntil ? 0 : wrong,
      now,
      lockedUntil,
    );
    return { locked: false, delayMs: Math.max(0, wrong - FREE_GUESSES) * GUESS_DELAY_MS };
  }
  rightGuess(client: string): void {
    this.sql.exec("DELETE FROM guesses WHERE client = ?", client);
  }
  private guessRow(client: string, now: number) {
    this.sql.exec(
      "DELETE FROM guesses WHERE last < ? AND (locked_until IS NULL OR locked_until < ?)",
      now - GUESS_WINDOW_MS,
      now,
    );
    return this.sql
      .exec<{ wrong: number; locked_until: number | null }>(
        "SELECT wrong, locked_until FROM guesses WHERE client = ?",
        client,
      )
      .toArray()[0];
  }
}
