// Seed 003's room per path (src/protocol/rooms.ts) for `WS /rooms/<room>?userId=U`: chat,
// typing, and the tagged room's `broadcast` and `direct` frames, passed on as they were sent.
import { jsonDepth } from "../../../protocol/json-depth.js";
import { MAX_DIRECT_DEPTH, MAX_TEXT_LENGTH } from "../../../protocol/limits.js";
import {
  RoomsClientFrame,
  RoomsConnectQuery,
  type RoomsServerFrame,
} from "../../../protocol/rooms.js";
import type * as z from "../../../protocol/zod.js";
import type { FrameProblem } from "../../engine/problems.js";
import { ANONYMOUS } from "../anonymous.js";
import { admitWith, type Dialect, decodeWith } from "../dialect.js";
import type { ChatCommand } from "../events.js";
import { seedExtraFrame } from "./seed-extras.js";

type Frame = z.input<typeof RoomsServerFrame>;

/** Largest `direct` frame, as JSON: it is stored for both parties' history. */
const MAX_DIRECT_FRAME = 2 * MAX_TEXT_LENGTH;

function toCommand(frame: RoomsClientFrame): ChatCommand | { problem: FrameProblem } {
  switch (frame.type) {
    case "chat":
      return { kind: "say", text: frame.message };
    case "typing":
      return { kind: "typing", typing: true };
    case "ping":
      return { kind: "ping" };
    case "join":
      // The seed's browser client announces itself after opening; the query already did.
      return { kind: "none" };
    case "broadcast":
      return { kind: "broadcast", payload: frame };
    case "direct": {
      const payload = JSON.stringify(frame);
      if (payload.length > MAX_DIRECT_FRAME) {
        const message = `a direct frame may be at most ${MAX_DIRECT_FRAME} characters`;
        return { problem: { code: "too_long", message } };
      }
      const text = typeof frame.message === "string" ? frame.message : "";
      return { kind: "direct", to: frame.targetUserId, text, payload };
    }
  }
}

/**
 * A `direct` frame is kept and sent on as it came, so how deeply it nests is checked on the frame
 * as received, before anything serializes it: a few KB can nest past what JSON.stringify takes.
 */
function tooDeep(data: unknown): { problem: FrameProblem } | null {
  const direct = (data as { type?: unknown } | null)?.type === "direct";
  if (!direct || jsonDepth(data, MAX_DIRECT_DEPTH) <= MAX_DIRECT_DEPTH) return null;
  const message = `a direct frame may nest at most ${MAX_DIRECT_DEPTH} levels`;
  return { problem: { code: "bad_frame", message } };
}

export const roomPerPath: Dialect<Frame> = {
  name: "room-per-path",
  greets: false,
  // The seed sends a direct frame only to its target.
  copiesDirectToSender: false,
  admit: (query) =>
    admitWith(RoomsConnectQuery, query, ({ userId }) => ({ user: userId || ANONYMOUS })),
  decode: (data) => tooDeep(data) ?? decodeWith(RoomsClientFrame, data, toCommand),
  encode(event): Frame | null {
    switch (event.kind) {
      case "message": {
        const { sender, text, ts } = event.message;
        return { type: "chat", from: sender, message: text, timestamp: ts };
      }
      case "direct": {
        const m = event.message;
        // A seed-003 sender's frame is passed on as it was sent; others get the same shape.
        const payload = m.extra
          ? (JSON.parse(m.extra) as Record<string, unknown>)
          : { type: "direct", targetUserId: m.recipient, message: m.text, timestamp: m.ts };
        return {
          ...payload,
          type: "direct",
          targetUserId: String(payload.targetUserId),
          from: m.sender,
        };
      }
      case "join":
        return { type: "user_joined", userId: event.user };
      case "leave":
        return { type: "user_left", userId: event.user };
      case "typing":
        return event.typing ? { type: "typing", userId: event.user } : null;
      case "broadcast":
        // Passed through as sent, except that nobody can speak as someone else.
        return "from" in event.payload
          ? { ...event.payload, type: "broadcast", from: event.user }
          : { ...event.payload, type: "broadcast" };
      default:
        return seedExtraFrame(event, (m) => ({ from: m.sender, timestamp: m.ts }));
    }
  },
  error: ({ message }) => ({ type: "error", message }),
};
