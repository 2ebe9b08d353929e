// The connection under the SDK: partysocket's ReconnectingWebSocket (`partysocket/ws`), with our
// own backoff and a heartbeat.
//
// partysocket fits because it takes a URL *provider* (an async function called before every
// attempt, so each reconnect can carry `since`/`epoch` in its query), a custom WebSocket
// constructor (the `ws` package in Node 20, which has no global WebSocket), a connection timeout,
// and `shouldReconnectOnClose` (our stop on terminal close codes). Two things it does not do the
// way we need, so we take them over:
//   - Its backoff has no jitter and its retry counter only resets after `minUptime`; we set its
//     own delays to 0 and wait inside the URL provider instead (exponential backoff with jitter,
//     attempts counted until a welcome arrives, and a give-up after `maxRetries`).
//   - Its send buffer replays raw frames on open without knowing what the server acknowledged;
//     we disable it (`maxEnqueuedMessages: 0`): the send queue (send-queue.ts) resends by clientId.
import ReconnectingWebSocket from "partysocket/ws";
import { backoffDelay } from "./backoff.js";
import type { ResolvedOptions, WebSocketConstructor } from "./options.js";
import { Receipts } from "./receipts.js";

export interface TransportHooks {
  /** The URL of the next attempt (it carries the resume point, and a fresh token). */
  url(): string | Promise<string>;
  onFrame(data: unknown): void;
  /** The last room message processed, for receipts (receipts.ts). */
  lastSeq(): number;
  onClose(code: number, reason: string): void;
  onBackoff(attempt: number, delayMs: number): void;
  /** `maxRetries` attempts failed in a row. */
  onGiveUp(): void;
}

export class Transport {
  private readonly socket: ReconnectingWebSocket;
  /** The next connection attempt: 0 is the first connect, n > 0 the n-th retry since a welcome. */
  private attempt = 0;
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  private wakeWait: (() => void) | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private lastFrameAt = 0;
  private readonly receipts = new Receipts((text) => this.send(text));

  constructor(
    WebSocketImpl: WebSocketConstructor,
    private readonly options: ResolvedOptions,
    private readonly hooks: TransportHooks,
  ) {
    this.socket = new ReconnectingWebSocket(() => this.nextUrl(), undefined, {
      WebSocket: WebSocketImpl,
      // Our own backoff runs in nextUrl(); partysocket's is switched off.
      minReconnectionDelay: 0,
      maxReconnectionDelay: 0,
      maxRetries: Number.POSITIVE_INFINITY,
      connectionTimeout: options.connectTimeoutMs,
      // Never buffer raw frames: unacknowledged messages are the send queue's to resend.
      maxEnqueuedMessages: 0,
      shouldReconnectOnClose: (event) => !options.isTerminalClose(event.code),
    });
    this.socket.addEventListener("message", (event) => {
      this.lastFrameAt = Date.now();
      hooks.onFrame(event.data);
    });
    this.socket.addEventListener("close", (event) => {
      this.stopHeartbeat();
      hooks.onClose(event.code, event.reason);
    });
  }

  /** Whether partysocket will try again after the close it just reported. */
  get willReconnect(): boolean {
    return this.socket.shouldReconnect;
  }

  /** Which attempt comes next (for the "reconnecting" state). */
  get nextAttempt(): number {
    return this.attempt;
  }

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  send(text: string): boolean {
    return this.isOpen && this.socket.send(text);
  }

  /** A room message up to `seq` was processed: the room hears of it in a receipt now and then. */
  processed(seq: number): void {
    this.receipts.processed(seq);
  }

  /** The server welcomed us: a drop from here on is retried from the first backoff step. */
  welcomed(): void {
    this.attempt = 1;
    this.startHeartbeat();
  }

  /** Ends a backoff wait now, if one is running: the next attempt starts at once. */
  skipBackoff(): void {
    clearTimeout(this.waitTimer);
    this.wakeWait?.();
  }

  /** Drops this connection and connects again (resuming), as after a network drop. */
  reconnect(reason: string): void {
    this.socket.reconnect(1000, reason);
  }

  /** Closes for good. */
  close(code: number, reason: string): void {
    this.stopHeartbeat();
    this.skipBackoff();
    this.socket.close(code, reason);
  }

  /** Called by partysocket before every attempt: waits out the backoff, then names the URL. */
  private async nextUrl(): Promise<string> {
    if (this.attempt > 0) {
      if (this.attempt > this.options.maxRetries) {
        // Closing here makes partysocket drop the attempt it is preparing.
        this.hooks.onGiveUp();
        return this.hooks.url();
      }
      const delayMs = backoffDelay(this.attempt, {
        minDelayMs: this.options.minDelayMs,
        maxDelayMs: this.options.maxDelayMs,
        factor: this.options.backoffFactor,
      });
      this.hooks.onBackoff(this.attempt, delayMs);
      await new Promise<void>((resolve) => {
        this.wakeWait = resolve;
        this.waitTimer = setTimeout(resolve, delayMs);
      });
      this.wakeWait = undefined;
    }
    this.attempt += 1;
    return await this.hooks.url();
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const every = this.options.heartbeatMs;
    if (every <= 0) return;
    this.lastFrameAt = Date.now();
    this.heartbeatTimer = setInterval(() => {
      if (Date.now() - this.lastFrameAt > 2 * every) {
        // Nothing arrived, not even a pong: the connection is dead without a close.
        this.socket.reconnect(1000, "heartbeat timeout");
        return;
      }
      this.send(this.receipts.heartbeat(this.hooks.lastSeq()));
    }, every);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }
}
