// Seed 002's chat API (src/protocol/chat-api.ts) for `WS /api/chat`: ISO timestamps,
// `userId`/`text`, a `join` after connecting, no typing or direct messages.
import {
  ApiClientFrame,
  ApiConnectQuery,
  type ApiServerFrame,
} from "../../../protocol/chat-api.js";
import type * as z from "../../../protocol/zod.js";
import { admitWith, type Dialect, decodeWith } from "../dialect.js";
import { seedExtraFrame } from "./seed-extras.js";

type Frame = z.input<typeof ApiServerFrame>;

const iso = (ms: number) => new Date(ms).toISOString();

export const chatApi: Dialect<Frame> = {
  name: "chat-api",
  greets: false,
  copiesDirectToSender: false,
  // Nobody is named at connect: the socket says who it is with `join`.
  admit: (query) => admitWith(ApiConnectQuery, query, () => ({})),
  decode: (data) =>
    decodeWith(ApiClientFrame, data, (frame) =>
      frame.type === "join"
        ? { kind: "identify", user: frame.userId }
        : frame.type === "message"
          ? { kind: "say", text: frame.text, claimedUser: frame.userId }
          : { kind: "ping" },
    ),
  encode(event): Frame | null {
    switch (event.kind) {
      case "message": {
        const { sender, text, ts } = event.message;
        return { type: "message", userId: sender, text, timestamp: iso(ts) };
      }
      case "join":
        return { type: "user_joined", userId: event.user, timestamp: iso(event.at) };
      case "leave":
        return { type: "user_left", userId: event.user, timestamp: iso(event.at) };
      default:
        return seedExtraFrame(event, (m) => ({ userId: m.sender, timestamp: iso(m.ts) }));
    }
  },
  error: ({ message }) => ({ type: "error", message }),
};
