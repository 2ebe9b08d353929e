// Error codes every dialect may put in an `error` frame.
export const ErrorCode = {
  badJson: "bad_json",
  badFrame: "bad_frame",
  unknownType: "unknown_type",
  binary: "binary_not_supported",
  tooLong: "too_long",
  tooBig: "too_big",
  rateLimited: "rate_limited",
  notFound: "not_found",
  badRequest: "bad_request",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
