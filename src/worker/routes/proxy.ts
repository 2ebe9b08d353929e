// Seed 003's proxy mode: `/proxy/<path>` WebSocket upgrades are forwarded to PROXY_ORIGIN.
// The order of checks is the seed's: the upgrade first (426), then the configuration.
import type { Env } from "../env.js";
import { isWebSocketUpgrade, jsonError } from "../http.js";

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
    return jsonError(503, "PROXY_ORIGIN is not a valid URL", { origin });
  }
  const url = new URL(request.url);
  const rest = url.pathname.replace(/^\/proxy/, "") || "/";
  target.pathname = `${target.pathname.replace(/\/$/, "")}${rest}`;
  target.search = url.search;
  try {
    const response = await fetch(target.toString(), { headers: request.headers });
    if (response.status !== 101) {
      return jsonError(502, "upstream did not accept the WebSocket", { status: response.status });
    }
    return response;
  } catch (error) {
    return jsonError(502, "upstream unreachable", { detail: String(error) });
  }
}
