// `POST /api/auth/guest {name}` → a token for that name; `GET /api/auth/mode`.
// A guest name, once taken, belongs to its subject until the hold lapses (one NameClaim Durable
// Object per name). Presenting your still-valid guest token renews your hold on the name.
import { mintToken, verifyToken } from "../../auth/token.js";
import {
  type AuthMode,
  GuestSignInRequest,
  type GuestSignInResponse,
} from "../../protocol/auth.js";
import { nameKey } from "../../rooms/names/name-claim.js";
import { findCredentials } from "../edge/credentials.js";
import { readSecurityConfig } from "../edge/security-config.js";
import type { Env } from "../env.js";
import { jsonError } from "../http.js";

/** Guest subjects are distinguishable from subjects an app backend mints. */
const GUEST_PREFIX = "guest:";

export function authMode(env: Env): Response {
  return Response.json({ mode: readSecurityConfig(env).mode } satisfies AuthMode);
}

export async function guestSignIn(request: Request, env: Env): Promise<Response> {
  const config = readSecurityConfig(env);
  if (!config.secret) {
    return jsonError(404, "guest sign-in exists only in secure mode", {
      mode: "open",
      hint: "open mode needs no token: connect with any name",
    });
  }
  const body = GuestSignInRequest.safeParse(await request.json().catch(() => null));
  if (!body.success) {
    return jsonError(400, 'body must be JSON {"name": "1-64 characters"}');
  }
  const name = body.data.name;
  // A guest who still holds a valid guest token keeps their subject (and so their names).
  const presented = findCredentials(request);
  const previous = presented ? await verifyToken(config.secret, presented.token) : null;
  const sub =
    previous?.ok && previous.claims.sub.startsWith(GUEST_PREFIX)
      ? previous.claims.sub
      : `${GUEST_PREFIX}${crypto.randomUUID()}`;
  const expiresAt = Date.now() + config.guestTtlSeconds * 1000;
  const claim = env.NAME_CLAIMS.get(env.NAME_CLAIMS.idFromName(nameKey(name)));
  const result = await claim.claim(sub, expiresAt);
  if (!result.ok) {
    return jsonError(409, "name taken", {
      name,
      retryAfterSeconds: Math.ceil((result.heldUntil - Date.now()) / 1000),
    });
  }
  const token = await mintToken(config.secret, { sub, name, ttlSeconds: config.guestTtlSeconds });
  return Response.json({ token, sub, name, expiresAt } satisfies GuestSignInResponse);
}
