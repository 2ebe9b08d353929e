// Parlor's own protocol (src/protocol/parlor.ts) for `WS /ws?room=R&name=N`.
import type { HistoryEntry } from "../../../protocol/parlor.js";
import type { StoredMessage } from "../../engine/message-log.js";
import type { Dialect } from "../events.js";

export function parlorEntry(m: StoredMessage): HistoryEntry {
  const base = {
    seq: m.seq,
    message: m.text,
    timestamp: m.ts,
    serverTime: new Date(m.ts).toISOString(),
    ...(m.clientId ? { clientId: m.clientId } : {}),
  };
  return m.kind === "direct"
    ? { type: "direct", from: m.sender, to: m.recipient ?? "", ...base }
    : { type: "message", name: m.sender, ...base };
}

export const parlorDialect: Dialect = {
  name: "parlor",
  render(event) {
    switch (event.kind) {
      case "message":
      case "direct":
        return JSON.stringify(parlorEntry(event.message));
      case "join":
        return JSON.stringify({ type: "join", name: event.user, count: event.count });
      case "leave":
        return JSON.stringify({ type: "leave", name: event.user, count: event.count });
      case "presence":
        return JSON.stringify({ type: "presence", count: event.count });
      case "typing":
        return JSON.stringify({ type: "typing", name: event.user, typing: event.typing });
      case "broadcast":
        return null;
    }
  },
  error(code, message, clientId) {
    return JSON.stringify({ type: "error", code, message, ...(clientId ? { clientId } : {}) });
  },
};
