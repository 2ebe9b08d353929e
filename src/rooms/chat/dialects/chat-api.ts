// Seed 002's chat API (src/protocol/chat-api.ts) for `WS /api/chat`: ISO timestamps,
// `userId`/`text`, no typing or direct messages.
import type { Dialect } from "../events.js";

const iso = (ms: number) => new Date(ms).toISOString();

export const apiDialect: Dialect = {
  name: "chat-api",
  render(event) {
    switch (event.kind) {
      case "message":
        return JSON.stringify({
          type: "message",
          userId: event.message.sender,
          text: event.message.text,
          timestamp: iso(event.message.ts),
        });
      case "join":
        return JSON.stringify({
          type: "user_joined",
          userId: event.user,
          timestamp: iso(event.at),
        });
      case "leave":
        return JSON.stringify({ type: "user_left", userId: event.user, timestamp: iso(event.at) });
      default:
        return null;
    }
  },
  error(_code, message) {
    return JSON.stringify({ type: "error", message });
  },
};
