// Reconnect timing for the Parlor SDK: exponential backoff with "equal jitter", so a room's
// clients that lost the server at the same moment do not all come back at the same moment.
import { CloseCode } from "../protocol/limits.js";

export interface BackoffOptions {
  /** Delay before the first reconnect attempt, in ms (the upper bound; jitter may halve it). */
  minDelayMs: number;
  /** Cap for the delay, in ms. */
  maxDelayMs: number;
  /** Growth per failed attempt. */
  factor: number;
}

/**
 * The wait before reconnect attempt `attempt` (1 = the first retry after a drop): the
 * exponential step `min * factor^(attempt-1)` capped at `max`, then a random point in its upper
 * half. `random` is injectable for tests.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  if (attempt <= 0) return 0;
  const step = Math.min(options.maxDelayMs, options.minDelayMs * options.factor ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Close codes after which reconnecting cannot help: the server refused us on policy (1008),
 * the data (1003, 1007), an extension (1010), or an application-defined reason (4000-4999),
 * except 4008 "Too far behind": the client only fell behind, and resumes where it was.
 */
export function isTerminalCloseCode(code: number): boolean {
  return (
    code === 1003 ||
    code === 1007 ||
    code === 1008 ||
    code === 1010 ||
    (code >= 4000 && code <= 4999 && code !== CloseCode.tooFarBehind)
  );
}
