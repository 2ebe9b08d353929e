// Checks a message or direct frame as the server would, before it is queued, so a frame the
// server would refuse fails at once with a clear error instead of after a round trip.
import { ClientDirect, ClientMessage, type ParlorClientFrame } from "../protocol/parlor.js";
import { ParlorClientError } from "./options.js";
import type { Outgoing } from "./send-queue.js";

export function checkOutgoing(
  frame: Extract<ParlorClientFrame, { type: "message" | "direct" }>,
): Outgoing | ParlorClientError {
  const parsed = (frame.type === "direct" ? ClientDirect : ClientMessage).safeParse(frame);
  if (parsed.success) return parsed.data as Outgoing;
  const issue = parsed.error.issues[0];
  const code = issue?.code === "too_big" ? "too_long" : "bad_frame";
  return new ParlorClientError(code, issue?.message ?? "invalid message");
}
