// The SDK's options, its states, and its one error type.
import { isTerminalCloseCode } from "./backoff.js";

/** A WebSocket constructor: the browser's global, or `ws`'s default export in Node. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => unknown;

export interface ParlorClientOptions {
  /** Server origin: `http(s)://host[:port]` or `ws(s)://host[:port]` (a path is ignored). */
  url: string;
  room: string;
  name: string;
  /**
   * Secure mode: the token (a string), or a function returning a fresh one; a function is called
   * before every connection attempt, reconnects included. The server then names you by the token.
   */
  token?: string | (() => string | Promise<string>);
  /**
   * A password room's ticket (`RoomsApi.join`), asked for before every connection attempt:
   * tickets are single use, so each reconnect needs a fresh one.
   */
  ticket?: () => string | Promise<string>;
  /** WebSocket implementation; default `globalThis.WebSocket` (pass `ws` in Node 20). */
  WebSocket?: WebSocketConstructor;
  /** Reconnect backoff: first delay (default 500 ms), cap (default 15 s), growth (default 2). */
  minDelayMs?: number;
  maxDelayMs?: number;
  backoffFactor?: number;
  /** Failed reconnect attempts in a row before giving up (default Infinity). */
  maxRetries?: number;
  /** Give up on a connection attempt after this long (default 10 s). */
  connectTimeoutMs?: number;
  /** Close codes after which the client stops instead of reconnecting (default: 1003, 1007, 1008, 1010, 4000-4999 but 4008). */
  isTerminalClose?: (code: number) => boolean;
  /** Send `{"type":"ping"}` this often while open, and reconnect when nothing at all arrived for twice as long (default 30 s; 0 = off). */
  heartbeatMs?: number;
  /** Most unacknowledged messages held while disconnected (default 1000). */
  maxQueue?: number;
  /**
   * Most messages sent and not yet acknowledged at once (default 1); the rest wait their turn.
   * With 1, messages are stored in the order `send()` was called even when the server's
   * per-user rate limit refuses one (it is resent after a pause before anything later goes),
   * and a burst of `send()` calls can never add up to a 1008 close. Larger windows send
   * faster over slow links but a refused message may then land after later ones. Infinity
   * sends everything at once.
   */
  maxInFlight?: number;
  /** Most messages kept in `messages` (default 1000). */
  maxLog?: number;
  /** How long `history()` and `search()` wait for their answer (default 10 s). */
  requestTimeoutMs?: number;
}

export type ResolvedOptions = Required<
  Omit<ParlorClientOptions, "WebSocket" | "url" | "room" | "name" | "token" | "ticket">
>;

export function resolveOptions(options: ParlorClientOptions): ResolvedOptions {
  return {
    minDelayMs: options.minDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 15_000,
    backoffFactor: options.backoffFactor ?? 2,
    maxRetries: options.maxRetries ?? Number.POSITIVE_INFINITY,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    isTerminalClose: options.isTerminalClose ?? isTerminalCloseCode,
    heartbeatMs: options.heartbeatMs ?? 30_000,
    maxQueue: options.maxQueue ?? 1000,
    maxInFlight: options.maxInFlight ?? 1,
    maxLog: options.maxLog ?? 1000,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
  };
}

export type ClientState = "connecting" | "open" | "reconnecting" | "closed";

export interface StateChange {
  state: ClientState;
  /** For "reconnecting" and "closed": the close that caused it, when there was one. */
  code?: number;
  reason?: string;
  /** For "reconnecting": which attempt comes next, and after how long. */
  attempt?: number;
  delayMs?: number;
}

/** A rejection from the SDK or the server (`code` is one of src/protocol/errors.ts, or a client code). */
export class ParlorClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ParlorClientError";
  }
}

/** The WebSocket class to use: the option, else the global one (browsers, Node 22+). */
export function webSocketClass(options: ParlorClientOptions): WebSocketConstructor {
  const found = (options.WebSocket ?? (globalThis as { WebSocket?: unknown }).WebSocket) as
    | WebSocketConstructor
    | undefined;
  if (found) return found;
  throw new ParlorClientError(
    "bad_request",
    "no global WebSocket: pass one in options.WebSocket (in Node: import WebSocket from 'ws')",
  );
}
