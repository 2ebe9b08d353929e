// The checks every inbound frame passes before a room kind sees it, in order: text only, size,
// the sender's rate limit, JSON. A refused frame gets a problem, and an abusive one a close.
import { CloseCode, MAX_FRAME_BYTES } from "../../protocol/limits.js";
import type { FrameProblem } from "./problems.js";
import type { RateLimiter } from "./rate-limit.js";

export type Inbound =
  | { data: unknown }
  | { problem: FrameProblem; close?: { code: number; reason: string } };

const tooBig = { code: CloseCode.tooBig, reason: "Message too big" };

export function checkFrame(
  message: string | ArrayBuffer,
  /** null: no rate limit (benchmark-only, BENCH_DISABLE=rate-limits). */
  limiter: RateLimiter | null,
  connectionKey: string,
  userKey: string | null,
): Inbound {
  if (typeof message !== "string") {
    const problem: FrameProblem = {
      code: "binary_not_supported",
      message: "binary frames are not supported; send JSON text",
    };
    return message.byteLength > MAX_FRAME_BYTES ? { problem, close: tooBig } : { problem };
  }
  if (message.length > MAX_FRAME_BYTES / 3 && byteLength(message) > MAX_FRAME_BYTES) {
    const problem: FrameProblem = {
      code: "too_big",
      message: `frame larger than ${MAX_FRAME_BYTES} bytes`,
    };
    return { problem, close: tooBig };
  }
  const verdict = limiter ? limiter.takeFrame(connectionKey, userKey) : "ok";
  if (verdict !== "ok") {
    const problem: FrameProblem = { code: "rate_limited", message: "too many frames; slow down" };
    return verdict === "abuse"
      ? { problem, close: { code: CloseCode.policy, reason: "Rate limit exceeded" } }
      : { problem };
  }
  try {
    return { data: JSON.parse(message) };
  } catch {
    return { problem: { code: "bad_json", message: "frame is not valid JSON" } };
  }
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}
