// The rooms REST API (`/api/rooms`): directory, create and delete, password tickets,
// moderation and search. Declared once here; the Worker validates with these schemas and
// docs/openapi.json is generated from them (cli/openapi.ts). They use classic zod, which
// @hono/zod-openapi needs; the Worker loads them only when the REST API is first called.
import { z } from "zod";
import { MAX_NAME_LENGTH, MAX_SEARCH_PAGE, MIN_PASSWORD_LENGTH, ROOM_NAME } from "./limits.js";
import { SearchResult as SearchResultFrame } from "./search.js";

export const RoomName = z
  .string()
  .regex(ROOM_NAME, "1-64 letters, digits, '-', '_' or '.', starting with a letter or digit");
const userName = z.string().trim().min(1).max(MAX_NAME_LENGTH);

export const ErrorBody = z.object({
  error: z.string(),
  /** Seconds to wait before trying again (429). */
  retryAfterSeconds: z.number().int().optional(),
});

// ---- directory ----
export const DirectoryEntry = z.object({
  name: z.string(),
  /** Users present (each once, however many tabs). */
  online: z.number().int(),
  /** Milliseconds since the epoch: the last message or presence change. */
  lastActivity: z.number(),
  hasPassword: z.boolean(),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntry>;
export const DirectoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const DirectoryPage = z.object({
  rooms: z.array(DirectoryEntry),
  /** The `offset` of the next page, or null on the last one. */
  next: z.number().int().nullable(),
});

// ---- create ----
export const CreateRoomBody = z.object({
  /** Absent: a random name. */
  name: RoomName.optional(),
  /** Private rooms are never listed; anyone who knows the name can still join. */
  visibility: z.enum(["public", "private"]),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(256).optional(),
});
export type CreateRoomBody = z.infer<typeof CreateRoomBody>;
export const CreatedRoom = z.object({
  name: z.string(),
  /** Shown once: the only proof of ownership (moderation, deletion). Keep it. */
  ownerKey: z.string(),
  visibility: z.enum(["public", "private"]),
  hasPassword: z.boolean(),
});
export type CreatedRoom = z.infer<typeof CreatedRoom>;

// ---- one room, before joining ----
export const RoomInfo = z.object({
  name: z.string(),
  /** Joining needs a ticket (POST /api/rooms/<name>/join with the password). */
  hasPassword: z.boolean(),
});
export type RoomInfo = z.infer<typeof RoomInfo>;

// ---- password rooms ----
export const JoinBody = z.object({ password: z.string().max(256).default("") });
export const TicketBody = z.object({
  /** Put on the WebSocket URL as `?ticket=`: single use, valid for 60 s. */
  ticket: z.string(),
  expiresAt: z.number(),
});

// ---- moderation ----
export const UserBody = z.object({ name: userName });
export const RoomParams = z.object({ name: RoomName });
export const MessageParams = z.object({
  name: RoomName,
  seq: z.coerce.number().int().positive(),
});
export const BanParams = z.object({ name: RoomName, user: userName });
export const BanList = z.object({ bans: z.array(z.string()) });

// ---- search ----
/**
 * The same result as the WebSocket `search` frame's (declared once, in ./search.ts with zod's mini
 * build), rebuilt as a classic schema through its JSON Schema: the OpenAPI generator reads
 * classic zod only.
 */
const SearchResult = z.fromJSONSchema(
  z.toJSONSchema(SearchResultFrame, { io: "input" }),
) as z.ZodType<z.infer<typeof SearchResultFrame>>;
export const SearchQuery = z.object({
  q: z.string().trim().min(1, "q must not be empty").max(200),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_PAGE).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
  /** Needed in a password room (single use, from POST /api/rooms/<name>/join). */
  ticket: z.string().optional(),
});
export const SearchPage = z.object({
  results: z.array(SearchResult),
  /** The `offset` of the next page, or null on the last one. */
  next: z.number().int().nullable(),
});
