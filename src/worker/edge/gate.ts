// Everything a request passes before routing: the Origin allowlist, the token (secure mode),
// per-IP connect limits, and the internal headers only the Worker may set. Returns the request
// to route (with those headers set or stripped) and a finisher for the response, or a refusal.

import { getPath } from "hono/utils/url";
import { verifyToken } from "../../auth/token.js";
import { encodeLease, LEASE_HEADER, releaseLease } from "../../rooms/gate/lease.js";
import { encodeIdentity, IDENTITY_HEADER } from "../../rooms/identity.js";
import type { Env } from "../env.js";
import { isWebSocketUpgrade, jsonError } from "../http.js";
import { findCredentials } from "./credentials.js";
import { originAllowed } from "./origin.js";
import { readSecurityConfig, type SecurityConfig } from "./security-config.js";

export interface Admitted {
  request: Request;
  finish(response: Response): Promise<Response>;
}

/** Paths that are API calls (need a token in secure mode even without an upgrade). */
const API_PATHS =
  /^\/(api|websocket|container|proxy)(\/|$)|^\/(lb|singleton|error|connectws|test-ws)$/;
const GUEST_SIGN_IN = "/api/auth/guest";
/** Public in every mode: signing in, and asking which mode this is. */
const PUBLIC_PATHS = new Set([GUEST_SIGN_IN, "/api/auth/mode"]);
/** Containers authenticate to their hub with the deployment's hub secret, not a user token. */
const CONTAINER_HUB = "/connectws";

export async function admit(request: Request, env: Env): Promise<Admitted | Response> {
  const config = readSecurityConfig(env);
  // The path as the router will match it (percent-decoded): `/%61pi/rooms` is routed as
  // `/api/rooms`, so the checks below must see `/api/rooms` too.
  const path = getPath(request);
  const upgrade = isWebSocketUpgrade(request);
  // Only the Worker speaks these; whatever a client sent is dropped. The headers are copied only
  // when one changes: most requests (every upgrade in open mode) pass as they came.
  let copy: Headers | undefined;
  const headers = () => {
    if (copy) return copy;
    copy = new Headers(request.headers);
    copy.delete(IDENTITY_HEADER);
    copy.delete(LEASE_HEADER);
    return copy;
  };
  if (request.headers.has(IDENTITY_HEADER) || request.headers.has(LEASE_HEADER)) headers();

  if (upgrade && !originAllowed(request, config)) {
    return jsonError(403, "origin not allowed", { origin: request.headers.get("Origin") });
  }

  let selectProtocol: string | undefined;
  const needsToken =
    config.secret !== null &&
    !PUBLIC_PATHS.has(path) &&
    !(upgrade && path === CONTAINER_HUB) &&
    (upgrade || API_PATHS.test(path));
  if (needsToken && config.secret) {
    const credentials = findCredentials(request);
    if (!credentials) {
      return jsonError(401, "token required", {
        hint: "Authorization: Bearer <token>, Sec-WebSocket-Protocol, or ?token=; see docs/security.md",
      });
    }
    const verified = await verifyToken(config.secret, credentials.token);
    if (!verified.ok) {
      return jsonError(401, verified.reason === "expired" ? "token expired" : "invalid token");
    }
    headers().set(IDENTITY_HEADER, encodeIdentity(verified.claims));
    selectProtocol = credentials.selectProtocol;
  }

  let lease: string | undefined;
  // Guest sign-ins spend connect attempts too: each holds a name for a day.
  const signIn = path === GUEST_SIGN_IN;
  if ((upgrade && path !== CONTAINER_HUB) || signIn) {
    const passThrough = signIn || path.startsWith("/proxy");
    const verdict = await limitClient(request, env, config, passThrough);
    if (verdict instanceof Response) return verdict;
    if (verdict) {
      lease = verdict;
      headers().set(LEASE_HEADER, lease);
    }
  }

  return {
    // A copy only when a header changed: each copy clones the request (and its `cf`) per connect.
    request: copy ? new Request(request, { headers: copy }) : request,
    async finish(response) {
      if (response.status !== 101) {
        if (lease) await releaseLease(env, lease);
        return response;
      }
      if (!selectProtocol) return response;
      const out = new Headers(response.headers);
      out.set("Sec-WebSocket-Protocol", selectProtocol);
      return new Response(null, { status: 101, webSocket: response.webSocket, headers: out });
    },
  };
}

/** Per-IP attempts and live connections; returns a lease header value, null, or a 429. */
async function limitClient(
  request: Request,
  env: Env,
  config: SecurityConfig,
  passThrough: boolean,
): Promise<string | null | Response> {
  if (!env.CLIENT_GATES || (config.attemptsPerMinute === 0 && config.maxConnectionsPerIp === 0)) {
    return null;
  }
  // Set by Cloudflare in production (clients cannot override it there); see docs/security.md.
  const ip = request.headers.get("CF-Connecting-IP") ?? "unknown";
  const id = env.CLIENT_GATES.idFromName(ip);
  const verdict = await env.CLIENT_GATES.get(id).admit({
    attemptsPerMinute: config.attemptsPerMinute,
    // No socket in a room (a sign-in, or the proxy's sockets): nothing would release a lease.
    maxConnections: passThrough ? 0 : config.maxConnectionsPerIp,
    leaseTtlMs: 6 * 3600_000,
  });
  if (!verdict.ok) {
    const response = jsonError(
      429,
      verdict.reason === "attempts" ? "too many connection attempts" : "too many connections",
      { retryAfterSeconds: verdict.retryAfterS },
    );
    response.headers.set("Retry-After", String(verdict.retryAfterS));
    return response;
  }
  return verdict.lease ? encodeLease(id.toString(), verdict.lease) : null;
}
