// A resume whose replay was cut to the server's byte budget (welcome `resume: "ok"` with
// `hasMore`): the welcome holds the newest missed messages; the older rest is paged back to
// `since` before anything is shown, and live messages wait meanwhile, so the app still sees
// exactly what it missed, in order.
import { MAX_HISTORY_PAGE } from "../protocol/limits.js";
import type { HistoryEntry, ServerWelcome } from "../protocol/parlor.js";
import type { ServerHistory } from "./events.js";

type Page = (before: number, limit: number) => Promise<ServerHistory>;

/** Pages back from `before` and returns, oldest first, the messages after `since`. */
export async function fetchGap(page: Page, since: number, before: number): Promise<HistoryEntry[]> {
  const pages: HistoryEntry[][] = [];
  for (;;) {
    const answer = await page(before, MAX_HISTORY_PAGE);
    pages.unshift(answer.messages.filter((m) => m.seq > since));
    const oldest = answer.messages[0];
    if (!answer.hasMore || !oldest || oldest.seq <= since + 1) return pages.flat();
    before = oldest.seq;
  }
}

export class ResumeGap {
  private held: HistoryEntry[] | null = null;
  private run = 0;

  /** The `before` to page from when this welcome's replay was cut; null when it was whole. */
  static start(welcome: ServerWelcome, epoch: string | undefined): number | null {
    if (welcome.resume !== "ok" || !welcome.hasMore || welcome.epoch !== epoch) return null;
    return welcome.history[0]?.seq ?? welcome.lastSeq + 1;
  }

  /** While a gap is being filled, a live entry waits here; true when it was held. */
  hold(entry: HistoryEntry): boolean {
    this.held?.push(entry);
    return this.held !== null;
  }

  /**
   * Fills the gap, then hands over the welcome with its whole replay and the entries that
   * arrived meanwhile. A disconnect (or a newer welcome) abandons it: the next resume asks again.
   */
  async fill(
    welcome: ServerWelcome,
    since: number,
    before: number,
    pages: { history: Page },
    then: {
      done: (whole: ServerWelcome, held: HistoryEntry[]) => void;
      failed: (error: unknown) => void;
    },
  ): Promise<void> {
    const run = ++this.run;
    this.held = [];
    try {
      const gap = await fetchGap((b, limit) => pages.history(b, limit), since, before);
      if (run !== this.run) return;
      const held = this.held;
      this.held = null;
      const { truncated: _cut, ...rest } = welcome;
      then.done({ ...rest, history: [...gap, ...welcome.history], hasMore: false }, held);
    } catch (error) {
      if (run !== this.run) return;
      this.held = null;
      then.failed(error);
    }
  }

  /** Forgets a fill in progress (the connection closed). */
  abandon(): void {
    this.run += 1;
    this.held = null;
  }
}
