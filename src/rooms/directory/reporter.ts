// How a room keeps the directory current without a write per message: a change (someone
// joined or left, a message, new settings) only marks the room dirty; one report goes out at
// most every REPORT_INTERVAL_MS, from a timer in the room (engine/wake-timer.ts: no storage write).
import { DIRECTORY_NAME } from "./directory-name.js";
import type { DirectoryReport, RoomDirectory } from "./room-directory.js";

export const REPORT_INTERVAL_MS = 2_000;

export class DirectoryReporter {
  private dirty = false;
  private lastReport = 0;

  constructor(
    private readonly namespace: DurableObjectNamespace<RoomDirectory> | undefined,
    private readonly snapshot: () => DirectoryReport | null,
    /** Asks the room to call `onWake` at this time (the earliest wanted wins). */
    private readonly wakeAt: (at: number) => void,
    private readonly waitUntil: (work: Promise<unknown>) => void,
  ) {}

  /** Something the directory shows changed; `now` sends at once (deletion, creation). */
  changed(now = false): void {
    const due = this.lastReport + REPORT_INTERVAL_MS;
    if (now || Date.now() >= due) {
      this.send();
      return;
    }
    if (this.dirty) return;
    this.dirty = true;
    this.wakeAt(due);
  }

  /** Sends a due report; returns when to be called again, or null. */
  onWake(now: number): number | null {
    if (!this.dirty) return null;
    const due = this.lastReport + REPORT_INTERVAL_MS;
    if (now < due) return due;
    this.send();
    return null;
  }

  private send(): void {
    this.dirty = false;
    this.lastReport = Date.now();
    const report = this.snapshot();
    if (!this.namespace || !report) return;
    const directory = this.namespace.get(this.namespace.idFromName(DIRECTORY_NAME));
    this.waitUntil(
      directory.report(report).catch((error: unknown) => {
        console.error(JSON.stringify({ event: "directory_report_failed", error: String(error) }));
      }),
    );
  }
}
