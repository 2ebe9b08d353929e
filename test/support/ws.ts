// A real `ws` client with a queue of parsed frames, so tests can await the next frame that
// matches, with a timeout, instead of sleeping.
import WebSocket from "ws";

export type Frame = Record<string, unknown> & { type?: string };

export class TestSocket {
  /** Frames not yet taken by `next`. */
  readonly frames: Frame[] = [];
  /** Every frame that arrived, in order (for checking them all against a schema). */
  readonly received: Frame[] = [];
  readonly raw: WebSocket;
  closed: { code: number; reason: string } | null = null;
  private waiters: Array<() => void> = [];

  private constructor(raw: WebSocket) {
    this.raw = raw;
    raw.on("message", (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : String(data);
      let frame: Frame;
      try {
        frame = JSON.parse(text) as Frame;
      } catch {
        frame = { type: "__text__", text };
      }
      this.frames.push(frame);
      this.received.push(frame);
      this.wake();
    });
    raw.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  static open(url: string, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const raw = new WebSocket(url, options);
      const socket = new TestSocket(raw);
      raw.once("open", () => resolve(socket));
      raw.once("error", reject);
      raw.once("unexpected-response", (_req, res) =>
        reject(new Error(`unexpected response ${res.statusCode}`)),
      );
    });
  }

  send(frame: unknown): void {
    this.raw.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first unread frame matching `match` (removing it), or rejects. */
  async next(match: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return this.frames.splice(index, 1)[0]!;
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) {
        throw new Error(
          `no matching frame within ${timeoutMs} ms${this.closed ? ` (closed ${this.closed.code})` : ""}; have ${JSON.stringify(this.frames).slice(0, 500)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next frame of a given type. */
  nextOfType(type: string, timeoutMs?: number): Promise<Frame> {
    return this.next((f) => f.type === type, timeoutMs);
  }

  /** Waits for the socket to close; resolves with code and reason. */
  async waitClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`socket not closed within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closed;
  }

  close(code = 1000): void {
    if (this.raw.readyState === WebSocket.OPEN) this.raw.close(code);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
