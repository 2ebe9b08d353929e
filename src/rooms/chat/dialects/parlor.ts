// Parlor's own protocol (src/protocol/parlor.ts) for `WS /ws?room=R&name=N`.
import {
  type HistoryEntry,
  ParlorClientFrame,
  ParlorConnectQuery,
  type ParlorServerFrame,
} from "../../../protocol/parlor.js";
import type * as z from "../../../protocol/zod.js";
import type { StoredMessage } from "../../engine/message-log.js";
import { admitWith, type Dialect, decodeWith } from "../dialect.js";
import type { ChatCommand } from "../events.js";

type Frame = z.input<typeof ParlorServerFrame>;

/** A stored message as `viewer` sees it: its `clientId` only when `viewer` sent it. */
export function parlorEntry(m: StoredMessage, viewer?: string): HistoryEntry {
  const base = {
    seq: m.seq,
    message: m.text,
    timestamp: m.ts,
    serverTime: new Date(m.ts).toISOString(),
    ...(m.clientId && viewer !== undefined && m.sender === viewer ? { clientId: m.clientId } : {}),
  };
  return m.kind === "direct"
    ? { type: "direct", from: m.sender, to: m.recipient ?? "", ...base }
    : { type: "message", name: m.sender, ...base };
}

function toCommand(frame: z.infer<typeof ParlorClientFrame>): ChatCommand {
  switch (frame.type) {
    case "message":
      return { kind: "say", text: frame.message, clientId: frame.clientId };
    case "direct":
      return { kind: "direct", to: frame.to, text: frame.message, clientId: frame.clientId };
    case "typing":
      return { kind: "typing", typing: frame.typing };
    case "history":
      return {
        kind: "history",
        limit: frame.limit,
        before: frame.before,
        around: frame.around,
        clientId: frame.clientId,
      };
    case "search":
      return {
        kind: "search",
        query: frame.query,
        limit: frame.limit,
        offset: frame.offset,
        clientId: frame.clientId,
      };
    case "ping":
      return { kind: "ping", seq: frame.seq };
  }
}

export const parlor: Dialect<Frame> = {
  name: "parlor",
  greets: true,
  // Senders see their own direct message in every tab, as confirmation.
  copiesDirectToSender: true,
  admit: (query) =>
    admitWith(ParlorConnectQuery, query, ({ name, since, epoch }) => ({
      user: name,
      ...(since !== undefined ? { resume: { since: Number(since), epoch: epoch ?? "" } } : {}),
    })),
  decode(data) {
    // Seed 004's ChatMessage is `{ message }`: a frame with a message and no type is a chat message.
    const typed =
      data !== null && typeof data === "object" && !("type" in data) && "message" in data
        ? { ...data, type: "message" }
        : data;
    return decodeWith(ParlorClientFrame, typed, toCommand);
  },
  encode(event, viewer): Frame | null {
    switch (event.kind) {
      case "message":
      case "direct":
        return parlorEntry(event.message, viewer);
      case "join":
        return { type: "join", name: event.user, count: event.count };
      case "leave":
        return { type: "leave", name: event.user, count: event.count };
      case "presence":
        return { type: "presence", count: event.count };
      case "typing":
        return { type: "typing", name: event.user, typing: event.typing };
      case "welcome": {
        const w = event.welcome;
        return {
          type: "welcome",
          connectionId: w.connectionId,
          room: w.room,
          name: w.user,
          epoch: w.epoch,
          lastSeq: w.lastSeq,
          users: [...w.users],
          count: w.count,
          history: w.history.map((m) => parlorEntry(m, viewer)),
          hasMore: w.hasMore,
          ...(w.resume ? { resume: w.resume } : {}),
          ...(w.truncated ? { truncated: true as const } : {}),
        };
      }
      case "ack": {
        const { message, duplicate } = event;
        return {
          type: "ack",
          ...(message.clientId ? { clientId: message.clientId } : {}),
          seq: message.seq,
          timestamp: message.ts,
          ...(duplicate ? { duplicate: true } : {}),
        };
      }
      case "history":
        return {
          type: "history",
          messages: event.messages.map((m) => parlorEntry(m, viewer)),
          hasMore: event.hasMore,
          ...(event.hasNewer !== undefined ? { hasNewer: event.hasNewer } : {}),
          ...(event.truncated ? { truncated: true as const } : {}),
          ...(event.clientId ? { clientId: event.clientId } : {}),
        };
      case "search":
        return {
          type: "search",
          query: event.query,
          results: event.results,
          next: event.next,
          ...(event.clientId ? { clientId: event.clientId } : {}),
        };
      case "deleted":
        return { type: "deleted", seq: event.message.seq };
      case "room_deleted":
        return { type: "room_deleted", room: event.room };
      case "pong":
        return { type: "pong" };
      case "broadcast":
        return null;
    }
  },
  error: ({ code, message, clientId }) => ({
    type: "error",
    code,
    message,
    ...(clientId ? { clientId } : {}),
  }),
  // Only joins and leaves are batched (presence-announcer.ts). ServerBatch, written as text.
  batch: (frames) => `{"type":"batch","frames":[${frames.join(",")}]}`,
};
