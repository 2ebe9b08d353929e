// Waiting on a socket's frames: `until` checks a condition each time `wake` says something
// arrived, bounded by a timeout. No polling, no sleeps. Runs in Node and in workerd alike.
export class Waiters {
  private readonly pending = new Set<() => void>();

  /** Something changed (a frame arrived, the socket closed): every waiter checks again. */
  wake(): void {
    for (const waiter of [...this.pending]) waiter();
  }

  /** Resolves with `find()` once it is defined; rejects with `what()` after `timeoutMs`. */
  async until<T>(find: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(what());
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.pending.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.pending.add(done);
      });
    }
  }
}
