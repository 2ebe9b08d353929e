// Limits shared by server and clients, so a client can refuse what the server would refuse.

/** Largest inbound WebSocket frame, in bytes (seed 002: "1 MB max per message"). */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Longest chat message text, in characters. */
export const MAX_TEXT_LENGTH = 4000;
/** Seed 003 `direct` frames are kept and sent on as they came: how deeply they may nest. */
export const MAX_DIRECT_DEPTH = 32;
/** Longest user name / user id, in characters. */
export const MAX_NAME_LENGTH = 64;
/** Most messages one history page returns. */
export const MAX_HISTORY_PAGE = 200;
/** Messages sent with the welcome frame. */
export const WELCOME_HISTORY = 50;
/**
 * Above this many users a room stops announcing each join and leave (that traffic grows with
 * the square of the room) and sends a presence count at most once a second instead (less often
 * above 1,000 users: presence-announcer.ts).
 */
export const LIVE_PRESENCE_MAX = 100;
/** Most names listed in a welcome; `count` is always the full number. */
export const MAX_WELCOME_USERS = 200;
/** Most missed messages a resume replays; beyond that the client is told to reload. */
export const MAX_RESUME = 1000;
/**
 * Default byte budget of one welcome, resume or history answer, counted as the JSON sent (issue
 * 9, finding 8: control characters grow sixfold when escaped). Beyond it the answer is cut at a
 * message boundary and says so (`hasMore`, `truncated`); the client pages the rest.
 */
export const DEFAULT_ANSWER_BYTES = 256 * 1024;
/** Smallest configurable answer budget (a message is at most ~24 KB as JSON, escaped). */
export const MIN_ANSWER_BYTES = 32 * 1024;

/** WebSocket close codes Parlor uses. */
export const CloseCode = {
  normal: 1000,
  policy: 1008,
  tooBig: 1009,
  internal: 1011,
  /** The room's owner disconnected this user (they may reconnect). */
  kicked: 4001,
  /** This user is banned from the room: refused until the owner lifts the ban. */
  banned: 4003,
  /** The room was deleted by its owner; its history is gone. */
  roomDeleted: 4004,
  /** The socket fell too far behind (it stopped reading); the client may reconnect and resume. */
  tooFarBehind: 4008,
} as const;

/** Results per search page (the WebSocket `search` frame and `GET /api/rooms/<name>/search`). */
export const MAX_SEARCH_PAGE = 50;
/** A room password's minimum length. */
export const MIN_PASSWORD_LENGTH = 4;
/** How long a password room's ticket stays valid (single use). */
export const TICKET_TTL_MS = 60_000;

/** Room names: letters, digits and `-_.`, so they are safe in URLs and tags. */
export const ROOM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
