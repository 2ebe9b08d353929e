// The verified identity the Worker hands to Durable Objects.
//
// The Worker ALWAYS sets or deletes this header itself (src/worker/edge/gate.ts): in secure mode
// it carries the claims of the token it verified; in open mode, and on every request without a
// verified token, it is removed. A client can therefore never supply it: Durable Objects are only
// reachable through the Worker. Rooms read it at admission; when present it overrides any name or
// user id the client claims, in every dialect.
import * as z from "../protocol/zod.js";

export const IDENTITY_HEADER = "X-Parlor-Identity";

export const Identity = z.object({
  sub: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
});
export type Identity = z.infer<typeof Identity>;

/** Header value: URI-encoded JSON (names may hold characters a header value cannot). */
export function encodeIdentity(identity: Identity): string {
  return encodeURIComponent(JSON.stringify({ sub: identity.sub, name: identity.name }));
}

/** The identity the Worker verified for this request, or null (open mode, or no token). */
export function readIdentity(request: Request): Identity | null {
  const value = request.headers.get(IDENTITY_HEADER);
  if (!value) return null;
  try {
    const parsed = Identity.safeParse(JSON.parse(decodeURIComponent(value)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
