// What the containers hub remembers in its SQLite: one row per container id it has seen (bounded:
// the ids seen longest ago are forgotten first) and running totals for its stats.

type Row = {
  container_id: string;
  status: string;
  first_seen: number;
  last_seen: number;
  connects: number;
  messages: number;
};

export interface ContainerRecord {
  containerId: string;
  status: "connected" | "disconnected";
  firstSeen: number;
  lastSeen: number;
  connects: number;
  messages: number;
}

export class ContainerTable {
  constructor(
    private readonly sql: SqlStorage,
    private readonly maxIds: number,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS containers (
      container_id TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      first_seen INTEGER NOT NULL,
      last_seen INTEGER NOT NULL,
      connects INTEGER NOT NULL DEFAULT 0,
      messages INTEGER NOT NULL DEFAULT 0
    )`);
    sql.exec(
      "CREATE TABLE IF NOT EXISTS hub_stats (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    );
  }

  connected(id: string, now: number): void {
    this.sql.exec(
      `INSERT INTO containers (container_id, status, first_seen, last_seen, connects)
       VALUES (?, 'connected', ?, ?, 1)
       ON CONFLICT (container_id) DO UPDATE SET status = 'connected', last_seen = excluded.last_seen,
         connects = connects + 1`,
      id,
      now,
      now,
    );
    // Bounded: whoever connects with ever new ids only pushes out the oldest ones.
    this.sql.exec(
      `DELETE FROM containers WHERE container_id IN (
         SELECT container_id FROM containers ORDER BY last_seen DESC LIMIT -1 OFFSET ?)`,
      this.maxIds,
    );
  }

  messaged(id: string, now: number): void {
    this.sql.exec(
      "UPDATE containers SET messages = messages + 1, last_seen = ? WHERE container_id = ?",
      now,
      id,
    );
  }

  left(id: string, now: number): void {
    this.sql.exec(
      "UPDATE containers SET status = 'disconnected', last_seen = ? WHERE container_id = ?",
      now,
      id,
    );
  }

  /** The rows for `ids` (at most 64: a pool's members), or every row. `live` decides the status. */
  records(live: (id: string) => boolean, ids?: string[]): ContainerRecord[] {
    const wanted = ids?.slice(0, 64);
    if (wanted?.length === 0) return [];
    const rows = wanted
      ? this.sql
          .exec<Row>(
            `SELECT * FROM containers WHERE container_id IN (${wanted.map(() => "?").join(",")})`,
            ...wanted,
          )
          .toArray()
      : this.sql.exec<Row>("SELECT * FROM containers ORDER BY container_id").toArray();
    return rows.map((row) => ({
      containerId: row.container_id,
      // Live sockets decide: rows still say "connected" after a restart dropped every socket.
      status: live(row.container_id) ? "connected" : "disconnected",
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
      connects: row.connects,
      messages: row.messages,
    }));
  }

  count(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM containers").one().n;
  }

  bump(name: string, by = 1): void {
    this.sql.exec(
      `INSERT INTO hub_stats (name, value) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET value = value + excluded.value`,
      name,
      by,
    );
  }

  totals(): { connections: number; messages: number; pings: number; pongs: number } {
    const totals = Object.fromEntries(
      this.sql
        .exec<{ name: string; value: number }>("SELECT name, value FROM hub_stats")
        .toArray()
        .map((row) => [row.name, row.value]),
    );
    return {
      connections: totals.connections ?? 0,
      messages: totals.messages ?? 0,
      pings: totals.pings ?? 0,
      pongs: totals.pongs ?? 0,
    };
  }
}
