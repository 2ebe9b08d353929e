// Calls that need an open connection (history) wait here until the next welcome, a close, or
// their timeout.
import { type ClientState, ParlorClientError } from "./options.js";

export class OpenWaiters {
  private waiters: Array<() => void> = [];

  constructor(private readonly state: () => ClientState) {}

  wait(timeoutMs: number): Promise<void> {
    if (this.state() === "open") return Promise.resolve();
    if (this.state() === "closed") {
      return Promise.reject(new ParlorClientError("closed", "Parlor client is closed"));
    }
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        reject(new ParlorClientError("timeout", "not connected within the timeout"));
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        if (this.state() === "open") resolve();
        else reject(new ParlorClientError("closed", "Parlor client is closed"));
      };
      this.waiters.push(wake);
    });
  }

  /** After a welcome (they go on) or the final close (they reject). */
  wakeAll(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
