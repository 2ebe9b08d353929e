// The room directory: one Durable Object listing public rooms, busiest first. Rooms report to
// it themselves (./reporter.ts) on presence changes, at most every few seconds, never per
// message; it stores one row per room in its SQLite and answers pages of them.
import { DurableObject } from "cloudflare:workers";
import type { DirectoryEntry } from "../../protocol/rooms-rest.js";

/** A room's report: `listed` false (private, deleted, or empty and never created) removes it. */
export interface DirectoryReport extends DirectoryEntry {
  listed: boolean;
}

export class RoomDirectory extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS rooms (
        name TEXT PRIMARY KEY,
        online INTEGER NOT NULL,
        last_activity INTEGER NOT NULL,
        has_password INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS rooms_busiest ON rooms (online DESC, last_activity DESC);
    `);
  }

  report(entry: DirectoryReport): void {
    if (!entry.listed) {
      this.ctx.storage.sql.exec("DELETE FROM rooms WHERE name = ?", entry.name);
      return;
    }
    this.ctx.storage.sql.exec(
      "INSERT OR REPLACE INTO rooms (name, online, last_activity, has_password) VALUES (?, ?, ?, ?)",
      entry.name,
      entry.online,
      entry.lastActivity,
      entry.hasPassword ? 1 : 0,
    );
  }

  list(offset: number, limit: number): { rooms: DirectoryEntry[]; next: number | null } {
    const rows = this.ctx.storage.sql
      .exec<{ name: string; online: number; last_activity: number; has_password: number }>(
        "SELECT * FROM rooms ORDER BY online DESC, last_activity DESC, name LIMIT ? OFFSET ?",
        limit + 1,
        offset,
      )
      .toArray();
    return {
      rooms: rows.slice(0, limit).map((r) => ({
        name: r.name,
        online: r.online,
        lastActivity: r.last_activity,
        hasPassword: r.has_password === 1,
      })),
      next: rows.length > limit ? offset + limit : null,
    };
  }
}
