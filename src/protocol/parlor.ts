// Parlor's own chat protocol, spoken on `WS /ws?room=R&name=N` (seed 004's chat app).
// Declared once here; the server validates with these schemas, the SDK and the docs use them.
import { MAX_HISTORY_PAGE, MAX_NAME_LENGTH, MAX_SEARCH_PAGE, MAX_TEXT_LENGTH } from "./limits.js";
import { SearchResult } from "./search.js";
import { wellFormed } from "./unicode.js";
import * as z from "./zod.js";

const text = wellFormed(
  z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(MAX_TEXT_LENGTH)),
);
const userName = wellFormed(
  z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_NAME_LENGTH)),
);
/** A client's own id for a message: echoed in the ack and broadcast, used to drop resends. */
const clientId = wellFormed(z.string().check(z.minLength(1), z.maxLength(64)));
const seq = z.int().check(z.nonnegative());

// ---- client -> server -------------------------------------------------------------------

export const ClientMessage = z.object({
  type: z.literal("message"),
  message: text,
  clientId: z.optional(clientId),
});
export const ClientDirect = z.object({
  type: z.literal("direct"),
  to: userName,
  message: text,
  clientId: z.optional(clientId),
});
export const ClientTyping = z.object({
  type: z.literal("typing"),
  typing: z._default(z.boolean(), true),
});
export const ClientHistory = z.object({
  type: z.literal("history"),
  /** Return messages with a sequence number below this one (default: the newest). */
  before: z.optional(seq),
  /** Return messages around this one (half before, half after): jump to a search result. */
  around: z.optional(seq),
  limit: z._default(z.int().check(z.gte(1), z.lte(MAX_HISTORY_PAGE)), 50),
  /** Echoed in the reply (and in an error refusing this request), to match one to the other. */
  clientId: z.optional(clientId),
});
/**
 * A heartbeat. `{"type":"ping"}` exactly is answered by the runtime without waking the room; with
 * `seq` it is also a receipt: the client has processed every room message up to `seq`. A socket
 * that sent one and then falls more than SLOW_CONSUMER_MESSAGES behind is closed with 4008.
 */
export const ClientPing = z.object({ type: z.literal("ping"), seq: z.optional(seq) });
/** Full-text search of the room's messages (and your own direct messages), best match first. */
export const ClientSearch = z.object({
  type: z.literal("search"),
  query: z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(200)),
  limit: z._default(z.int().check(z.gte(1), z.lte(MAX_SEARCH_PAGE)), 20),
  offset: z._default(z.int().check(z.gte(0), z.lte(10_000)), 0),
  clientId: z.optional(clientId),
});

export const ParlorClientFrame = z.discriminatedUnion("type", [
  ClientMessage,
  ClientDirect,
  ClientTyping,
  ClientHistory,
  ClientPing,
  ClientSearch,
]);
export type ParlorClientFrame = z.input<typeof ParlorClientFrame>;

// ---- server -> client -------------------------------------------------------------------

export const ServerChatMessage = z.object({
  type: z.literal("message"),
  seq,
  name: z.string(),
  message: z.string(),
  /** Server time in milliseconds since the epoch. */
  timestamp: z.number(),
  /** The same instant as an ISO 8601 string (seed 004's `serverTime`). */
  serverTime: z.string(),
  /** The sender's own id for this message: present only in frames sent to its sender. */
  clientId: z.optional(z.string()),
});
export const ServerDirect = z.object({
  type: z.literal("direct"),
  seq,
  from: z.string(),
  to: z.string(),
  message: z.string(),
  timestamp: z.number(),
  serverTime: z.string(),
  /** The sender's own id for this message: present only in frames sent to its sender. */
  clientId: z.optional(z.string()),
});
export const HistoryEntry = z.discriminatedUnion("type", [ServerChatMessage, ServerDirect]);
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const ServerWelcome = z.object({
  type: z.literal("welcome"),
  connectionId: z.string(),
  room: z.string(),
  name: z.string(),
  /** Changes when the room's log is wiped or recreated; a resume needs the same epoch. */
  epoch: z.string(),
  /** The newest sequence number in the room (0 when empty). */
  lastSeq: seq,
  /** Who is present, each name once however many tabs it has open (at most 200 names). */
  users: z.array(z.string()),
  count: z.int(),
  /**
   * Without a resume: the newest messages. With `resume: "ok"`: exactly the messages after
   * `since`, in order. With `resume: "reload"`: the newest messages; drop what you had.
   */
  history: z.array(HistoryEntry),
  /**
   * Older messages exist before `history[0]`. With `resume: "ok"` that means the replay was cut
   * to fit the byte budget (`truncated`): page with `history` `before: history[0].seq` back to
   * `since` to get the rest of what was missed (the SDK does).
   */
  hasMore: z.boolean(),
  resume: z.optional(z.enum(["ok", "reload"])),
  /** The history was cut at a message boundary to fit the answer's byte budget. */
  truncated: z.optional(z.literal(true)),
});
export const ServerAck = z.object({
  type: z.literal("ack"),
  clientId: z.optional(z.string()),
  seq,
  timestamp: z.number(),
  /** True when this clientId was already stored: the message was not stored twice. */
  duplicate: z.optional(z.boolean()),
});
export const ServerTyping = z.object({
  type: z.literal("typing"),
  name: z.string(),
  typing: z.boolean(),
});
export const ServerJoin = z.object({
  type: z.literal("join"),
  name: z.string(),
  count: z.int(),
});
export const ServerLeave = z.object({
  type: z.literal("leave"),
  name: z.string(),
  count: z.int(),
});
/**
 * Several joins and leaves at once, in the order they happened: when many users arrive in the
 * same moment (a reconnect storm), each socket gets one frame instead of one per arrival.
 * Handle each inner frame as if it had come alone.
 */
export const ServerBatch = z.object({
  type: z.literal("batch"),
  frames: z.array(z.discriminatedUnion("type", [ServerJoin, ServerLeave])).check(z.minLength(2)),
});
/**
 * In rooms over 100 users, replaces join/leave: the user count, at most once a second (less
 * often above 1,000 users).
 */
export const ServerPresence = z.object({
  type: z.literal("presence"),
  count: z.int(),
});
export const ServerHistory = z.object({
  type: z.literal("history"),
  messages: z.array(HistoryEntry),
  hasMore: z.boolean(),
  /** With `around`: whether newer messages follow the page. */
  hasNewer: z.optional(z.boolean()),
  /** The page was cut at a message boundary to fit the answer's byte budget (page on). */
  truncated: z.optional(z.literal(true)),
  /** The request's own `clientId`, when it had one. */
  clientId: z.optional(z.string()),
});
export const ServerSearch = z.object({
  type: z.literal("search"),
  query: z.string(),
  results: z.array(SearchResult),
  /** The `offset` of the next page, or null on the last one. */
  next: z.nullable(z.int()),
  clientId: z.optional(z.string()),
});
/** The room's owner removed a message: drop it. */
export const ServerDeleted = z.object({ type: z.literal("deleted"), seq });
/** The room's owner deleted the room: this is the socket's last frame (then close 4004). */
export const ServerRoomDeleted = z.object({ type: z.literal("room_deleted"), room: z.string() });
export const ServerError = z.object({
  type: z.literal("error"),
  code: z.string(),
  message: z.string(),
  clientId: z.optional(z.string()),
});
export const ServerPong = z.object({ type: z.literal("pong") });

export const ParlorServerFrame = z.discriminatedUnion("type", [
  ServerWelcome,
  ServerChatMessage,
  ServerDirect,
  ServerAck,
  ServerTyping,
  ServerJoin,
  ServerLeave,
  ServerBatch,
  ServerPresence,
  ServerHistory,
  ServerError,
  ServerPong,
  ServerSearch,
  ServerDeleted,
  ServerRoomDeleted,
]);
export type ParlorServerFrame = z.infer<typeof ParlorServerFrame>;
export type ServerWelcome = z.infer<typeof ServerWelcome>;
export type ServerChatMessage = z.infer<typeof ServerChatMessage>;
export type ServerDirect = z.infer<typeof ServerDirect>;
export type ServerAck = z.infer<typeof ServerAck>;
export type ServerError = z.infer<typeof ServerError>;

/** Query parameters of `WS /ws`: `room`, `name`, and for a resume `since` + `epoch`. */
const nameRule = `name must be 1-${MAX_NAME_LENGTH} characters`;
export const ParlorConnectQuery = z.object({
  /** The room (default `default`); the Worker checks its name before the room sees it. */
  room: z.optional(z.string()),
  name: z
    .string()
    .check(z.trim(), z.minLength(1, nameRule), z.maxLength(MAX_NAME_LENGTH, nameRule)),
  /** The last sequence number the client saw; with `epoch`, asks for what it missed. */
  since: z.optional(z.string().check(z.regex(/^\d+$/, "since must be a sequence number"))),
  // Attachments are small (2 KiB on Cloudflare); an epoch is a UUID.
  epoch: z.optional(z.string().check(z.maxLength(64, "epoch must be at most 64 characters"))),
  /** A password room's ticket (POST /api/rooms/<room>/join): single use, 60 s. */
  ticket: z.optional(z.string().check(z.maxLength(128))),
});
