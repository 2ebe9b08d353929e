// Seed 002's chat API, spoken on `WS /api/chat` (one shared room; `?room=` picks another).
// Exactly the seed's messages; extra fields its own examples send are accepted, not rejected.
import { MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from "./limits.js";
import { wellFormed } from "./unicode.js";
import * as z from "./zod.js";

const userId = wellFormed(z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_NAME_LENGTH)));

// ---- client -> server ----
export const ApiJoin = z.object({ type: z.literal("join"), userId });
export const ApiMessage = z.object({
  type: z.literal("message"),
  text: wellFormed(
    z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(MAX_TEXT_LENGTH)),
  ),
  /** Used when the socket has not joined yet (the seed's wscat session sends it). */
  userId: z.optional(userId),
});
export const ApiPing = z.object({ type: z.literal("ping") });
export const ApiClientFrame = z.discriminatedUnion("type", [ApiJoin, ApiMessage, ApiPing]);
export type ApiClientFrame = z.infer<typeof ApiClientFrame>;

// ---- server -> client ----
/** ISO 8601, e.g. "2025-10-26T05:20:00.000Z". */
const isoTimestamp = z.string();
export const ApiUserJoined = z.object({
  type: z.literal("user_joined"),
  userId: z.string(),
  timestamp: isoTimestamp,
});
export const ApiMessageBroadcast = z.object({
  type: z.literal("message"),
  userId: z.string(),
  text: z.string(),
  timestamp: isoTimestamp,
});
export const ApiUserLeft = z.object({
  type: z.literal("user_left"),
  userId: z.string(),
  timestamp: isoTimestamp,
});
export const ApiPong = z.object({ type: z.literal("pong") });
/** Not in the seed, which has no error frame; Parlor adds one for bad input. */
export const ApiError = z.object({ type: z.literal("error"), message: z.string() });
/** Not in the seed: the room's owner removed the message with this sequence number. */
export const ApiMessageDeleted = z.object({
  type: z.literal("message_deleted"),
  seq: z.int(),
  userId: z.string(),
  timestamp: isoTimestamp,
});
/** Not in the seed: the room was deleted; the socket's last frame (then close 4004). */
export const ApiRoomDeleted = z.object({ type: z.literal("room_deleted"), room: z.string() });
export const ApiServerFrame = z.discriminatedUnion("type", [
  ApiUserJoined,
  ApiMessageBroadcast,
  ApiUserLeft,
  ApiPong,
  ApiError,
  ApiMessageDeleted,
  ApiRoomDeleted,
]);
export type ApiServerFrame = z.infer<typeof ApiServerFrame>;

/** Query parameters of `WS /api/chat`: the room (default: the one shared room, `default`). */
export const ApiConnectQuery = z.object({
  room: z.optional(z.string().check(z.maxLength(64))),
  /** A password room's ticket (POST /api/rooms/<room>/join): single use, 60 s. */
  ticket: z.optional(z.string().check(z.maxLength(128))),
});
