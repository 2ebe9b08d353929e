// `history()` and `search()` requests waiting for their answer. Each carries its own clientId, which the server
// echoes in the page and in an error refusing the request, so a refused request can never take
// the next request's page. (A server that echoes no id gets its pages matched in order.)
import type { ServerError } from "../protocol/parlor.js";
import type { ServerHistory } from "./events.js";
import { ParlorClientError } from "./options.js";

interface Waiting<Page> {
  resolve: (page: Page) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class HistoryRequests<Page extends { clientId?: string } = ServerHistory> {
  private readonly waiting = new Map<string, Waiting<Page>>();

  constructor(private readonly what = "history page") {}

  /** Waits for the page answering `clientId`, at most `timeoutMs`. */
  wait(clientId: string, timeoutMs: number): Promise<Page> {
    return new Promise<Page>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(clientId);
        reject(new ParlorClientError("timeout", `no ${this.what} within the timeout`));
      }, timeoutMs);
      this.waiting.set(clientId, { resolve, reject, timer });
    });
  }

  answered(page: Page): void {
    const id = page.clientId ?? this.waiting.keys().next().value;
    const request = id === undefined ? undefined : this.take(id);
    request?.resolve(page);
  }

  /** An error frame naming a request rejects it; true when it did. */
  refused(error: ServerError): boolean {
    const request = error.clientId ? this.take(error.clientId) : undefined;
    request?.reject(new ParlorClientError(error.code, error.message));
    return request !== undefined;
  }

  failAll(error: Error): void {
    for (const id of [...this.waiting.keys()]) this.take(id)?.reject(error);
  }

  private take(id: string): Waiting<Page> | undefined {
    const request = this.waiting.get(id);
    if (!request) return undefined;
    this.waiting.delete(id);
    clearTimeout(request.timer);
    return request;
  }
}
