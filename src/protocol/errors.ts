// The codes of the engine's error frames, the same in every dialect that carries a code.
export const ErrorCode = {
  badJson: "bad_json",
  badFrame: "bad_frame",
  unknownType: "unknown_type",
  binary: "binary_not_supported",
  tooLong: "too_long",
  tooBig: "too_big",
  rateLimited: "rate_limited",
  /** The room's owner banned this user (the socket is then closed with 4003). */
  banned: "banned",
  /** Secure mode: a frame claimed another user than the socket's token names; nothing was kept. */
  identityMismatch: "identity_mismatch",
  /** A `join` named a user who already holds the most sockets one user may have in the room. */
  tooManyConnections: "too_many_connections",
  /** A hub `broadcast` larger than the hub relays (seed 001). */
  broadcastTooBig: "broadcast_too_big",
  /** The room's content filter refused the frame (CONTENT_FILTER_MODE=reject); nothing was kept. */
  contentFiltered: "content_filtered",
  /** The room failed on this frame; it keeps serving. */
  internal: "internal_error",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
