// Seed 003's protocol (src/protocol/rooms.ts) for `WS /rooms/<room>?userId=U`.
import type { Dialect } from "../events.js";

export const roomsDialect: Dialect = {
  name: "room-per-path",
  render(event) {
    switch (event.kind) {
      case "message":
        return JSON.stringify({
          type: "chat",
          from: event.message.sender,
          message: event.message.text,
          timestamp: event.message.ts,
        });
      case "direct": {
        const m = event.message;
        // A seed-003 sender's frame is passed on as it was sent; others get the same shape.
        const payload = m.extra
          ? (JSON.parse(m.extra) as Record<string, unknown>)
          : { type: "direct", targetUserId: m.recipient, message: m.text, timestamp: m.ts };
        return JSON.stringify({ ...payload, from: m.sender });
      }
      case "join":
        return JSON.stringify({ type: "user_joined", userId: event.user });
      case "leave":
        return JSON.stringify({ type: "user_left", userId: event.user });
      case "typing":
        return event.typing ? JSON.stringify({ type: "typing", userId: event.user }) : null;
      case "broadcast":
        return JSON.stringify(event.payload);
      case "presence":
        return null;
    }
  },
  error(_code, message) {
    return JSON.stringify({ type: "error", message });
  },
};
