// Identity on the wire: what a token says, how a WebSocket client may carry it, and the guest
// sign-in endpoint's request and answer. Shared by the Worker, the SDK and the web app.
import { MAX_NAME_LENGTH } from "./limits.js";
import * as z from "./zod.js";

/** The claims every Parlor token carries (a JWT, HS256): who (`sub`), shown as (`name`), until (`exp`). */
export const TokenClaims = z.object({
  sub: z.string().check(z.minLength(1), z.maxLength(128)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_NAME_LENGTH)),
  exp: z.int().check(z.positive()),
});
export type TokenClaims = z.infer<typeof TokenClaims>;

/**
 * Browsers cannot set headers on a WebSocket, so a token may ride in `Sec-WebSocket-Protocol`:
 * offer `[TOKEN_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + jwt]`; the server selects the first.
 */
export const TOKEN_SUBPROTOCOL = "parlor";
export const TOKEN_SUBPROTOCOL_PREFIX = "bearer.";

/** `POST /api/auth/guest`: pick a name; it is yours until the token lapses. */
export const GuestSignInRequest = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_NAME_LENGTH)),
});
export type GuestSignInRequest = z.infer<typeof GuestSignInRequest>;

export const GuestSignInResponse = z.object({
  token: z.string(),
  sub: z.string(),
  name: z.string(),
  /** When the token and the hold on the name lapse (ms since the epoch). */
  expiresAt: z.number(),
});
export type GuestSignInResponse = z.infer<typeof GuestSignInResponse>;

/** `GET /api/auth/mode`: whether this deployment asks for tokens. */
export const AuthMode = z.object({ mode: z.enum(["open", "secure"]) });
export type AuthMode = z.infer<typeof AuthMode>;
