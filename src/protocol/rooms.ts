// Seed 003's room-per-path protocol, spoken on `WS /rooms/<room>?userId=U`: its
// `ClientMessage`/`ServerMessage` plus the tagged room's `broadcast` and `direct`.
import { MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from "./limits.js";
import { wellFormed } from "./unicode.js";
import * as z from "./zod.js";

const userId = wellFormed(z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_NAME_LENGTH)));

// ---- client -> server ----
export const RoomsChat = z.object({
  type: z.literal("chat"),
  message: wellFormed(
    z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(MAX_TEXT_LENGTH)),
  ),
});
export const RoomsTyping = z.object({ type: z.literal("typing") });
export const RoomsPing = z.object({ type: z.literal("ping") });
/** The seed's browser client sends this after opening; accepted quietly. */
export const RoomsJoin = z.object({ type: z.literal("join"), userId: z.optional(userId) });
/** Sent as-is to every socket in the room (the seed's TaggedChatRoom). */
export const RoomsBroadcast = z.looseObject({ type: z.literal("broadcast") });
/** Sent as-is, plus `from`, only to the target user's sockets. */
export const RoomsDirect = z.looseObject({
  type: z.literal("direct"),
  targetUserId: userId,
  message: z.optional(wellFormed(z.string().check(z.maxLength(MAX_TEXT_LENGTH)))),
});
export const RoomsClientFrame = z.discriminatedUnion("type", [
  RoomsChat,
  RoomsTyping,
  RoomsPing,
  RoomsJoin,
  RoomsBroadcast,
  RoomsDirect,
]);
export type RoomsClientFrame = z.infer<typeof RoomsClientFrame>;

// ---- server -> client ----
export const RoomsChatOut = z.object({
  type: z.literal("chat"),
  from: z.string(),
  message: z.string(),
  /** Milliseconds since the epoch. */
  timestamp: z.number(),
});
export const RoomsUserJoined = z.object({ type: z.literal("user_joined"), userId: z.string() });
export const RoomsUserLeft = z.object({ type: z.literal("user_left"), userId: z.string() });
export const RoomsTypingOut = z.object({ type: z.literal("typing"), userId: z.string() });
export const RoomsPong = z.object({ type: z.literal("pong") });
export const RoomsError = z.object({ type: z.literal("error"), message: z.string() });
export const RoomsDirectOut = z.looseObject({
  type: z.literal("direct"),
  targetUserId: z.string(),
  from: z.string(),
});
export const RoomsBroadcastOut = z.looseObject({ type: z.literal("broadcast") });
/** Not in the seed: the room's owner removed the message with this sequence number. */
export const RoomsMessageDeleted = z.object({
  type: z.literal("message_deleted"),
  seq: z.int(),
  from: z.string(),
  timestamp: z.number(),
});
/** Not in the seed: the room was deleted; the socket's last frame (then close 4004). */
export const RoomsRoomDeleted = z.object({ type: z.literal("room_deleted"), room: z.string() });
export const RoomsServerFrame = z.union([
  RoomsChatOut,
  RoomsUserJoined,
  RoomsUserLeft,
  RoomsTypingOut,
  RoomsPong,
  RoomsError,
  RoomsDirectOut,
  RoomsBroadcastOut,
  RoomsMessageDeleted,
  RoomsRoomDeleted,
]);

/** Query parameters of `WS /rooms/<room>`: who is connecting (absent or empty: `anonymous`). */
export const RoomsConnectQuery = z.object({
  userId: z.optional(
    z
      .string()
      .check(
        z.trim(),
        z.maxLength(MAX_NAME_LENGTH, `userId must be at most ${MAX_NAME_LENGTH} characters`),
      ),
  ),
  /** A password room's ticket (POST /api/rooms/<room>/join): single use, 60 s. */
  ticket: z.optional(z.string().check(z.maxLength(128))),
});
