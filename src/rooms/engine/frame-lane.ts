// Group commit for what a room handles. Each turn's SQLite writes are committed, and made durable,
// on their own, and the runtime's output gate holds everything sent in that turn until its commit
// is on disk. Handled one by one, a flood costs one commit (and one fsync) per message: measured
// at 100 listeners, the room's thread then waited for the disk about 30% of the time and handled
// a third of what it could (`npx tsx bench/ab.ts 100 parlor parlor-no-persistence`).
//
// So frames (and closes, and the REST API's moderation) are handled in one lane, in arrival
// order, a turn after they arrive: everything that arrived meanwhile is handled in the same
// turn. Their writes make one commit, and what they send is released together once it is
// durable. Nothing is acknowledged or broadcast before it is stored, and nothing is reordered.
export class FrameLane {
  private waiting: (() => void)[] = [];

  /** `immediate`: handle each task as it arrives (BENCH_DISABLE=batching, to measure the lane). */
  constructor(private readonly immediate = false) {}

  /** Runs `task` in the next batch, after everything queued before it. */
  run(task: () => void): void {
    this.waiting.push(task);
    if (this.immediate) this.drain();
    else if (this.waiting.length === 1) setTimeout(() => this.drain(), 0);
  }

  /** Runs `task` in the next batch and resolves with its result. */
  call<T>(task: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.run(() => {
        try {
          resolve(task());
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  private drain(): void {
    const batch = this.waiting;
    this.waiting = [];
    for (const task of batch) {
      try {
        task();
      } catch (error) {
        // Tasks answer their own failures; one that did not must not cost the rest of the batch.
        console.error(JSON.stringify({ event: "lane_task_failed", error: String(error) }));
      }
    }
  }
}
