// A wake-up held in memory, for work a second or two away whose state is in memory too (the
// directory's next report, a large room's next presence count). The room's alarm would survive
// an eviction, but that state would not, and each alarm is a durable write: an fsync, with
// everything the room sends meanwhile held behind it by the output gate, and a storage write
// billed on Cloudflare. Set every 2 s while a room was busy, the alarm was the one write in a
// burst of joins (`strace` on workerd during bursts of 100: docs/performance.md). A pending
// timer also keeps the object from hibernating until it fires (Cloudflare's "Lifecycle of a
// Durable Object"), so nothing is lost to hibernation either.

export class WakeTimer {
  /** When the timer fires; null: none pending. */
  private at: number | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `run` does the work due at `now` and returns when it wants to run next, or null. */
  constructor(private readonly run: (now: number) => number | null) {}

  /** Makes sure `run` is called no later than `at` (epoch ms). */
  atMost(at: number): void {
    if (this.at !== null && this.at <= at) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.at = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - Date.now()));
  }

  private fire(): void {
    this.at = null;
    const next = this.run(Date.now());
    if (next !== null) this.atMost(next);
  }
}
