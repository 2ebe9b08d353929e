// Per-client-IP limits at the edge: one Durable Object per IP address counts connect attempts
// (a token bucket) and live WebSocket connections (leases). The Worker asks before forwarding an
// upgrade; a room releases the lease when the socket closes. Why a Durable Object and not the
// Workers Rate Limiting binding: docs/security.md ("Connection limits").
import { DurableObject } from "cloudflare:workers";

export interface GateLimits {
  /** Connect attempts allowed per minute (bucket size and refill), 0 = no limit. */
  attemptsPerMinute: number;
  /** Live connections allowed at once, 0 = no limit. */
  maxConnections: number;
  /** A lease never released (a room reset while it held the socket) stops counting after this. */
  leaseTtlMs: number;
}

export type GateVerdict =
  | { ok: true; lease: string | null }
  | { ok: false; reason: "attempts" | "connections"; retryAfterS: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class ClientGate extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS leases (id TEXT PRIMARY KEY, at INTEGER NOT NULL)",
    );
  }

  /** One connect attempt: spends a token, and takes a lease when connections are counted. */
  async admit(limits: GateLimits): Promise<GateVerdict> {
    const now = Date.now();
    if (limits.attemptsPerMinute > 0) {
      const perMs = limits.attemptsPerMinute / 60_000;
      const stored = (await this.ctx.storage.get<Bucket>("bucket")) ?? {
        tokens: limits.attemptsPerMinute,
        at: now,
      };
      const tokens = Math.min(limits.attemptsPerMinute, stored.tokens + (now - stored.at) * perMs);
      if (tokens < 1) {
        await this.ctx.storage.put("bucket", { tokens, at: now } satisfies Bucket);
        return {
          ok: false,
          reason: "attempts",
          retryAfterS: Math.ceil((1 - tokens) / perMs / 1000),
        };
      }
      await this.ctx.storage.put("bucket", { tokens: tokens - 1, at: now } satisfies Bucket);
    }
    if (limits.maxConnections <= 0) return { ok: true, lease: null };
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM leases WHERE at < ?", now - limits.leaseTtlMs);
    const live = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM leases").one().n;
    if (live >= limits.maxConnections) return { ok: false, reason: "connections", retryAfterS: 5 };
    const lease = crypto.randomUUID();
    sql.exec("INSERT INTO leases (id, at) VALUES (?, ?)", lease, now);
    return { ok: true, lease };
  }

  /** A socket holding `lease` closed (or its upgrade failed). */
  async release(lease: string): Promise<void> {
    this.ctx.storage.sql.exec("DELETE FROM leases WHERE id = ?", lease);
  }
}
