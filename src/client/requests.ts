// Requests answered by one frame carrying their clientId: history pages (older, or around a
// seq) and search results.
import type { ParlorClientFrame, ServerError } from "../protocol/parlor.js";
import type { ServerHistory, ServerSearch } from "./events.js";
import { HistoryRequests } from "./history-requests.js";
import type { OpenWaiters } from "./open-waiters.js";

type Answer = ServerHistory | ServerSearch;

export class Requests {
  private readonly pending = new HistoryRequests<Answer>("answer");
  private count = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly open: OpenWaiters,
    private readonly send: (frame: ParlorClientFrame) => boolean,
  ) {}

  history(before: number | undefined, limit: number): Promise<ServerHistory> {
    const page = before === undefined ? {} : { before };
    return this.ask((clientId) => ({ type: "history", limit, clientId, ...page }));
  }

  around(seq: number, limit: number): Promise<ServerHistory> {
    return this.ask((clientId) => ({ type: "history", around: seq, limit, clientId }));
  }

  search(query: string, { limit = 20, offset = 0 } = {}): Promise<ServerSearch> {
    return this.ask((clientId) => ({ type: "search", query, limit, offset, clientId }));
  }

  answered(answer: Answer): void {
    this.pending.answered(answer);
  }
  refused(error: ServerError): boolean {
    return this.pending.refused(error);
  }
  failAll(error: Error): void {
    this.pending.failAll(error);
  }

  /** Sends once open and waits for the answer carrying the request's clientId. */
  private async ask<A extends Answer>(frame: (clientId: string) => ParlorClientFrame): Promise<A> {
    await this.open.wait(this.timeoutMs);
    this.count += 1;
    const clientId = `q-${this.count.toString(36)}`;
    const answer = this.pending.wait(clientId, this.timeoutMs);
    this.send(frame(clientId));
    return (await answer) as A;
  }
}
