// Seed 001: `WS /ws?id=I` and `GET /websocket/stats?id=I`. Each id is its own hub instance.
import { HUB_ID } from "../../protocol/websocket-hub.js";
import { HUB_ID_HEADER } from "../../rooms/websocket-hub/websocket-hub.js";
import type { Env } from "../env.js";
import { isWebSocketUpgrade, jsonError } from "../http.js";

export function hubId(url: URL): string | Response {
  // As the seed says, "defaults to default": absent or empty alike (seed 004's `room` does too).
  const id = url.searchParams.get("id") || "default";
  return HUB_ID.test(id) ? id : jsonError(400, "invalid id", { hint: "1-64 of A-Z a-z 0-9 _ . -" });
}

export async function routeToHub(request: Request, env: Env, stats: boolean): Promise<Response> {
  const id = hubId(new URL(request.url));
  if (id instanceof Response) return id;
  if (!stats && !isWebSocketUpgrade(request)) {
    return jsonError(426, "Expected websocket", { hint: "connect with a WebSocket client" });
  }
  const headers = new Headers(request.headers);
  headers.set(HUB_ID_HEADER, id);
  const stub = env.HUBS.get(env.HUBS.idFromName(id));
  if (stats) {
    headers.delete("Upgrade");
    return stub.fetch(new Request(request.url, { headers }));
  }
  return stub.fetch(new Request(request, { headers }));
}
