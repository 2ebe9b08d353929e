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
//
// A turn is bounded by what it sends, though: the gate holds all of it until the commit, which
// comes after the turn's last send. Ten senders into 5,000 sockets queued up to 40 messages, a
// turn of 200,000 sends (seconds of work) before the first of them left. Rooms that large take
// fewer frames per turn. Small rooms take more: there a send costs less and the commits and
// turns are what costs, and with a third of the frames per turn ten senders into 100 sockets
// did 5-7% fewer deliveries a second (docs/performance.md, "Bigger turns in small rooms").
//
// And in a large room, a turn that left frames waiting starts the next one only once its commit
// is durable. Started at once, the next turn's sends (a third of a second) could run before the
// runtime wrote out the frames the commit released: the last sockets then heard nothing for two
// turns, and senders that wait to be heard (as the benchmark's do) left the room idle between
// them. Small rooms go on at once: there the commit is the cost, and the next turn overlaps it.
// Measured in docs/performance.md ("The next turn waits for the commit").
// A turn's bound, in sends: a fraction of a second of them. One sender's server CPU per delivery
// in the full run at dafa5cd was 8.9 µs at 100 sockets and 19 µs at 5,000, so 30,000 sends into
// 100 sockets take about 0.27 s and 10,000 into 5,000 about 0.19 s.
/** From this many sockets a turn holds ten frames or fewer, and waits for its commit. */
const SETTLE_FROM_SOCKETS = 1_000;
const SENDS_PER_TURN = 10_000;
/** Below SETTLE_FROM_SOCKETS: 300 frames a turn into 100 sockets, 30 into 999. */
const SMALL_ROOM_SENDS_PER_TURN = 30_000;

/** Without storage there is no commit to wait for, only the turn. */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class FrameLane {
  private waiting: (() => void)[] = [];

  constructor(
    /** Handle each task as it arrives (BENCH_DISABLE=batching, to measure the lane). */
    private readonly immediate = false,
    /** The room's sockets, each a frame may be sent to: the turn's bound is in sends. */
    private readonly room: { readonly connectionCount: number } = { connectionCount: 1 },
    /** The object's storage: `sync()` resolves once every write so far is durable. */
    private readonly storage: { sync(): Promise<void> } = { sync: nextTurn },
  ) {}

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
    const sockets = Math.max(1, this.room.connectionCount);
    const large = sockets >= SETTLE_FROM_SOCKETS;
    const sends = large ? SENDS_PER_TURN : SMALL_ROOM_SENDS_PER_TURN;
    const batch = this.waiting.splice(0, Math.max(1, Math.floor(sends / sockets)));
    // What did not fit goes first in the next turn, ahead of anything that arrives meanwhile
    // (`run` schedules no turn while anything waits).
    const more = this.waiting.length > 0;
    const settle = more && large;
    if (more && !settle) setTimeout(() => this.drain(), 0);
    for (const task of batch) {
      try {
        task();
      } catch (error) {
        // Tasks answer their own failures; one that did not must not cost the rest of the batch.
        console.error(JSON.stringify({ event: "lane_task_failed", error: String(error) }));
      }
    }
    if (settle) {
      const next = () => this.drain();
      this.storage.sync().then(next, next);
    }
  }
}
