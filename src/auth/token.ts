// Minting and verifying Parlor tokens: JWTs signed with HS256 (jose) under AUTH_SECRET.
// Used by the Worker (verify, guest sign-in), `npm run token`, and any app backend that mints
// tokens for its own users (docs/security.md shows how).
import { errors, jwtVerify, SignJWT } from "jose";
import { TokenClaims } from "../protocol/auth.js";
import * as z from "../protocol/zod.js";

const ALGORITHM = "HS256";
/** Clock skew tolerated between the minting machine and the Worker. */
const CLOCK_TOLERANCE_S = 5;

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export interface MintInput {
  sub: string;
  name: string;
  /** Lifetime in seconds (default one hour). */
  ttlSeconds?: number;
}

export async function mintToken(secret: string, input: MintInput): Promise<string> {
  const claims = z.omit(TokenClaims, { exp: true }).parse({ sub: input.sub, name: input.name });
  return await new SignJWT({ name: claims.name })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (input.ttlSeconds ?? 3600))
    .sign(key(secret));
}

export type Verified =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: "expired" | "invalid" | "malformed" };

/** Checks signature (HS256 only), expiry, and that `sub`, `name` and `exp` are present. */
export async function verifyToken(secret: string, token: string): Promise<Verified> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALGORITHM],
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ["sub", "exp"],
    });
    const claims = TokenClaims.safeParse(payload);
    return claims.success ? { ok: true, claims: claims.data } : { ok: false, reason: "malformed" };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    return { ok: false, reason: "invalid" };
  }
}
