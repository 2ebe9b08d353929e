// Token buckets per socket and per user (issue 9, findings 3 and 4).
//
// A user's bucket is kept in the room's SQLite so a user cannot reset it by reconnecting or by
// waiting for the object to hibernate. An in-memory copy saves reads. It is written when it
// matters: below half full, on a refusal, or at least once a second. A profile of a flood
// showed the write on every frame costing ~10% of the room's thread; hibernation needs seconds
// of silence, which refill a bucket anyway, so what a restart could forget is at most one
// second of a sender who was never near the limit.
//
// A socket's own bucket lives in memory only, for the same reason: it cannot outlive its socket,
// and the seconds of silence before hibernation refill it.

interface Bucket {
  tokens: number;
  updated: number;
  strikes: number;
  /** When this bucket was last written (0: never). */
  written?: number;
}

export type RateVerdict = "ok" | "limited" | "abuse";

export class RateLimiter {
  private readonly cache = new Map<string, Bucket>();
  private readonly sockets = new Map<string, Bucket>();

  constructor(
    private readonly sql: SqlStorage,
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxStrikes: number,
  ) {
    sql.exec(
      "CREATE TABLE IF NOT EXISTS rate_buckets (key TEXT PRIMARY KEY, tokens REAL, updated INTEGER, strikes INTEGER)",
    );
  }

  /**
   * One frame from a socket takes a token from the socket's own bucket and from its user's
   * (null: a socket with no user). Either empty refuses the frame, but only the socket's own
   * flood closes it: a flood from another socket of the same user (or of someone claiming the
   * name, in open mode) gets this socket's frames refused for a moment, never this socket closed.
   * A socket's bucket lives as long as the socket, so nothing it says mid-socket resets it.
   */
  takeFrame(socketId: string, userKey: string | null, now = Date.now()): RateVerdict {
    let socket = this.sockets.get(socketId);
    if (!socket) {
      socket = this.fresh(now);
      this.sockets.set(socketId, socket);
    }
    const own = this.spend(socket, now);
    const user = userKey === null ? "ok" : this.take(userKey, now);
    if (own === "abuse") return "abuse";
    return own === "ok" && user === "ok" ? "ok" : "limited";
  }

  /** Takes one token from `key`'s stored bucket: "ok", "limited" (drop) or "abuse" (close). */
  take(key: string, now = Date.now()): RateVerdict {
    const bucket = this.load(key, now);
    const verdict = this.spend(bucket, now);
    const due =
      verdict !== "ok" ||
      bucket.strikes > 0 ||
      bucket.tokens < this.burst / 2 ||
      now - (bucket.written ?? 0) >= 1000;
    if (!due) return verdict;
    bucket.written = now;
    this.sql.exec(
      "INSERT OR REPLACE INTO rate_buckets (key, tokens, updated, strikes) VALUES (?, ?, ?, ?)",
      key,
      bucket.tokens,
      bucket.updated,
      bucket.strikes,
    );
    return verdict;
  }

  /** Refills `bucket` for the time since its last frame, then takes one token from it. */
  private spend(bucket: Bucket, now: number): RateVerdict {
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + ((now - bucket.updated) / 1000) * this.perSecond,
    );
    bucket.updated = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      // A sender a little over the rate gets some frames refused but is never closed; a flood
      // (many refused per allowed one) piles up strikes and is.
      bucket.strikes = Math.max(0, bucket.strikes - 1);
      return "ok";
    }
    bucket.strikes += 1;
    return bucket.strikes >= this.maxStrikes ? "abuse" : "limited";
  }

  private fresh(now: number): Bucket {
    return { tokens: this.burst, updated: now, strikes: 0 };
  }

  private load(key: string, now: number): Bucket {
    let bucket = this.cache.get(key);
    if (bucket) return bucket;
    const row = this.sql
      .exec<{ tokens: number; updated: number; strikes: number }>(
        "SELECT tokens, updated, strikes FROM rate_buckets WHERE key = ?",
        key,
      )
      .toArray()[0];
    bucket = row
      ? { tokens: row.tokens, updated: row.updated, strikes: row.strikes }
      : this.fresh(now);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, bucket);
    return bucket;
  }

  /** Drops buckets idle long enough to be full again (called from the alarm). */
  prune(now = Date.now()): void {
    const fullAfterMs = (this.burst / this.perSecond) * 1000;
    this.sql.exec("DELETE FROM rate_buckets WHERE updated < ?", now - fullAfterMs);
    this.cache.clear();
    for (const [id, bucket] of this.sockets) {
      if (bucket.updated < now - fullAfterMs) this.sockets.delete(id);
    }
  }
}
