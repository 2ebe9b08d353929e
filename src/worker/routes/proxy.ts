// Seed 003's proxy mode: `/proxy/<path>` WebSocket upgrades are forwarded to PROXY_ORIGIN.
// The order of checks is the seed's: the upgrade first (426), then the configuration.
// The origin gets the WebSocket handshake and the client's ordinary headers, never its cookies,
// its Parlor token, hop-by-hop headers or Parlor's internal ones; errors name no internals.
import { TOKEN_SUBPROTOCOL_PREFIX } from "../../protocol/auth.js";
import { LEASE_HEADER } from "../../rooms/gate/lease.js";
import { IDENTITY_HEADER } from "../../rooms/identity.js";
import { offeredProtocols } from "../edge/credentials.js";
import type { Env } from "../env.js";
import { isWebSocketUpgrade, jsonError } from "../http.js";

/** RFC 9110 §7.6.1 hop-by-hop headers, plus credentials meant for Parlor, not the origin. */
const STRIPPED = [
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "cookie",
  "authorization",
  IDENTITY_HEADER,
  LEASE_HEADER,
];

export function forwardedHeaders(request: Request): Headers {
  const headers = new Headers(request.headers);
  // Headers named in `Connection` are hop-by-hop too (except the upgrade the proxy performs).
  for (const name of (request.headers.get("Connection") ?? "").split(",")) {
    const trimmed = name.trim().toLowerCase();
    if (trimmed && trimmed !== "upgrade") headers.delete(trimmed);
  }
  for (const name of STRIPPED) headers.delete(name);
  const protocols = offeredProtocols(request).filter(
    (p) => !p.startsWith(TOKEN_SUBPROTOCOL_PREFIX),
  );
  if (protocols.length > 0) headers.set("Sec-WebSocket-Protocol", protocols.join(", "));
  else headers.delete("Sec-WebSocket-Protocol");
  // The WebSocket handshake itself must reach the origin.
  headers.set("Upgrade", "websocket");
  return headers;
}

export async function proxyWebSocket(request: Request, env: Env): Promise<Response> {
  if (!isWebSocketUpgrade(request)) {
    return new Response("Expected websocket", { status: 426 });
  }
  const origin = (env.PROXY_ORIGIN ?? "").trim();
  if (!origin) {
    return jsonError(503, "proxy not configured", {
      hint: "set PROXY_ORIGIN to the backend origin",
    });
  }
  let target: URL;
  try {
    target = new URL(origin.replace(/^ws(s?):/i, "http$1:"));
  } catch {
    return jsonError(503, "proxy misconfigured");
  }
  const url = new URL(request.url);
  const rest = url.pathname.replace(/^\/proxy/, "") || "/";
  target.pathname = `${target.pathname.replace(/\/$/, "")}${rest}`;
  // A Parlor token in the query is for Parlor, not the origin.
  if (url.searchParams.has("token")) url.searchParams.delete("token");
  target.search = url.search;
  try {
    const response = await fetch(target.toString(), { headers: forwardedHeaders(request) });
    if (response.status !== 101) {
      await response.body?.cancel();
      return jsonError(502, "upstream did not accept the WebSocket", { status: response.status });
    }
    return response;
  } catch (error) {
    console.warn(JSON.stringify({ event: "proxy_unreachable", error: String(error) }));
    return jsonError(502, "upstream unreachable");
  }
}
