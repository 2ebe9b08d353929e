// A real `ws` client with a queue of parsed frames, so tests can await the next frame that
// matches, with a timeout, instead of sleeping; and a round trip through the server to prove
// that nothing else arrived.
import WebSocket from "ws";
import { Waiters } from "./waiters.js";

export type Frame = Record<string, unknown> & { type?: string };

export class TestSocket {
  /** Frames not yet taken by `next`. */
  readonly frames: Frame[] = [];
  /** Every frame that arrived, in order (for checking them all against a schema). */
  readonly received: Frame[] = [];
  readonly raw: WebSocket;
  closed: { code: number; reason: string } | null = null;
  private readonly waiters = new Waiters();

  private constructor(
    raw: WebSocket,
    readonly url: string,
  ) {
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
      // A batch as it came: `next` takes frames out of the queued one.
      this.received.push(frame.type === "batch" ? (JSON.parse(text) as Frame) : frame);
      this.waiters.wake();
    });
    raw.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.waiters.wake();
    });
  }

  static open(url: string, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const raw = new WebSocket(url, options);
      const socket = new TestSocket(raw, url);
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

  /**
   * Resolves with the first unread frame matching `match` (removing it), or rejects. A Parlor
   * `batch` is looked into as a client handles it: each inner frame as if it came alone.
   */
  next(match: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    return this.waiters.until(
      () => {
        const found = this.take(match);
        if (found) return found;
        if (this.closed) throw new Error(`closed ${this.closed.code} before a matching frame`);
        return undefined;
      },
      timeoutMs,
      () =>
        `no matching frame within ${timeoutMs} ms; have ${JSON.stringify(this.frames).slice(0, 500)}`,
    );
  }

  private take(match: (f: Frame) => boolean): Frame | undefined {
    for (const [index, frame] of this.frames.entries()) {
      if (match(frame)) return this.frames.splice(index, 1)[0];
      if (frame.type !== "batch" || !Array.isArray(frame.frames)) continue;
      const inner = frame.frames as Frame[];
      const at = inner.findIndex(match);
      if (at < 0) continue;
      const [taken] = inner.splice(at, 1);
      if (inner.length === 0) this.frames.splice(index, 1);
      return taken;
    }
    return undefined;
  }

  /** The next frame of a given type. */
  nextOfType(type: string, timeoutMs?: number): Promise<Frame> {
    return this.next((f) => f.type === type, timeoutMs);
  }

  /** Waits for the socket to close; resolves with code and reason. */
  waitClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return this.waiters.until(
      () => this.closed ?? undefined,
      timeoutMs,
      () => `socket not closed within ${timeoutMs} ms`,
    );
  }

  /**
   * A round trip through the room this socket is in: once it returns, every frame the room sent
   * this socket before handling the round trip has arrived. The frame is one the room itself
   * answers (never the runtime's constant ping auto-response, which skips the room).
   */
  async roundTrip(): Promise<void> {
    const path = new URL(this.url).pathname;
    const query = new URL(this.url).searchParams;
    if (path === "/ws" && (query.has("room") || query.has("name"))) {
      const clientId = `round-trip-${Math.random().toString(36).slice(2)}`;
      this.send({ type: "history", limit: 1, clientId });
      await this.next((f) => f.type === "history" && f.clientId === clientId);
      return;
    }
    // Seeds 001, 002 and 003 answer `ping` with `pong`; spaced out, it is not the constant
    // auto-response string, so the room answers it in order with everything else.
    this.send('{ "type": "ping" }');
    await this.nextOfType("pong");
  }

  close(code = 1000): void {
    if (this.raw.readyState === WebSocket.OPEN) this.raw.close(code);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
