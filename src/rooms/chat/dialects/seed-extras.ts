// What Parlor added to seeds 002 and 003 alike (not in either seed): the answer to `ping`, a
// message the owner removed, and the room's deletion. Each seed names a message's sender and
// its time its own way; `removed` gives those fields.
import type { StoredMessage } from "../../engine/message-log.js";
import type { ChatEvent } from "../events.js";

export function seedExtraFrame<Removed extends object>(
  event: ChatEvent,
  removed: (message: StoredMessage) => Removed,
) {
  switch (event.kind) {
    case "pong":
      return { type: "pong" as const };
    case "deleted":
      return {
        type: "message_deleted" as const,
        seq: event.message.seq,
        ...removed(event.message),
      };
    case "room_deleted":
      return { type: "room_deleted" as const, room: event.room };
    default:
      return null;
  }
}
