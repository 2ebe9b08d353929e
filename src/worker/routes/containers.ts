// Seed 000's Worker routes: containers by name, a health-aware pool, a singleton, the error route,
// and the hub the containers dial back to. Returns null for paths that are not ours.

import { CONTAINER_MESSAGE_TYPES, CONTAINER_NAME } from "../../protocol/containers.js";
import {
  CONTAINER_NAME_HEADER,
  type ContainersEnv,
  HUB_URL_HEADER,
} from "../../rooms/containers/app-container.js";
import { bearerOf, hubSecret, hubStub, sameSecret } from "../../rooms/containers/hub-secret.js";
import { jsonError } from "../http.js";

export const SINGLETON_NAME = "singleton";
export const ERROR_CONTAINER_NAME = "error";
/** A container that left the hub is skipped by /lb for this long, then tried again. */
const LB_QUARANTINE_MS = 30_000;

/**
 * The hub URL for containers. AppContainer prefers CONTAINER_WS_URL; locally the supervisor uses
 * the address it knows. This one is the route Cloudflare matched (it routes by hostname, so a
 * client cannot point it elsewhere); under `npm start` it is never handed to a container.
 */
export function hubUrl(url: URL): string {
  const ws = new URL("/connectws", url);
  ws.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  ws.search = "";
  return ws.toString();
}

/** Forwards to the container called `name`, at `path` of the app. */
export async function containerFetch(
  env: ContainersEnv,
  request: Request,
  url: URL,
  name: string,
  path: string,
): Promise<Response> {
  const stub = env.APP_CONTAINERS.get(env.APP_CONTAINERS.idFromName(name));
  const headers = new Headers(request.headers);
  headers.set(CONTAINER_NAME_HEADER, name);
  headers.set(HUB_URL_HEADER, hubUrl(url));
  const target = new URL(path, "http://container");
  target.search = url.search;
  const forwarded = new Request(target, {
    method: request.method,
    headers,
    body: request.method === "GET" || request.method === "HEAD" ? null : request.body,
  });
  try {
    const response = await stub.fetch(forwarded);
    const out = new Response(response.body, response);
    out.headers.set("x-parlor-container", name);
    return out;
  } catch (error) {
    console.error(JSON.stringify({ event: "container_unreachable", name, error: String(error) }));
    return jsonError(502, "The container could not be reached", { container: name });
  }
}

interface HubContainer {
  containerId: string;
  status: "connected" | "disconnected";
  lastSeen: number;
}

/** What the hub knows about the pool's members (only those: the hub's table can be large). */
async function hubContainers(env: ContainersEnv, pool: string[]): Promise<HubContainer[]> {
  try {
    const response = await hubStub(env).fetch(`http://hub/containers?ids=${pool.join(",")}`);
    if (!response.ok) return [];
    const body = (await response.json()) as { containers?: HubContainer[] };
    return body.containers ?? [];
  } catch {
    return [];
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * /lb: `getRandom` alone would keep sending requests to a dead container. We skip pool members
 * the hub saw leave recently (their process died or lost the hub), try the rest in random order,
 * and fail over to the next one when a container cannot answer.
 */
async function loadBalance(env: ContainersEnv, request: Request, url: URL): Promise<Response> {
  const size = Math.max(1, Math.min(32, Number(env.CONTAINER_POOL_SIZE ?? 3) || 3));
  const pool = Array.from({ length: size }, (_, i) => `lb-${i}`);
  const known = new Map((await hubContainers(env, pool)).map((c) => [c.containerId, c]));
  const now = Date.now();
  const unhealthy = (name: string) => {
    const seen = known.get(name);
    return seen?.status === "disconnected" && now - seen.lastSeen < LB_QUARANTINE_MS;
  };
  const order = [...shuffle(pool.filter((n) => !unhealthy(n))), ...shuffle(pool.filter(unhealthy))];
  const tried: { container: string; status: number }[] = [];
  for (const name of order) {
    const response = await containerFetch(env, request, url, name, "/");
    if (response.status < 500) {
      response.headers.set("x-parlor-lb-tried", String(tried.length + 1));
      return response;
    }
    await response.body?.cancel();
    tried.push({ container: name, status: response.status });
  }
  return jsonError(503, "No container in the pool could answer", { tried });
}

export async function handleContainers(
  request: Request,
  env: ContainersEnv,
  url: URL,
): Promise<Response | null> {
  const path = url.pathname;
  if (path === "/container" || path.startsWith("/container/")) {
    const [, , rawName, ...rest] = path.split("/");
    // Not decoded: a valid name has no characters that need escaping, and a malformed escape
    // (`%ZZ`) must be a 400, not a thrown URIError.
    const name = rawName ?? "";
    if (!CONTAINER_NAME.test(name)) {
      return jsonError(
        400,
        "Container id must be 1-64 of A-Z a-z 0-9 . _ - (e.g. /container/demo)",
      );
    }
    return await containerFetch(env, request, url, name, `/${rest.join("/")}`);
  }
  switch (path) {
    case "/lb":
      return await loadBalance(env, request, url);
    case "/singleton":
      return await containerFetch(env, request, url, SINGLETON_NAME, "/");
    case "/error":
      return await containerFetch(env, request, url, ERROR_CONTAINER_NAME, "/error");
    case "/connectws":
      if (request.headers.get("upgrade")?.toLowerCase() === "websocket") {
        return await hubStub(env).fetch(request);
      }
      return await connectDetails(env, request, url);
    case "/test-ws":
      return await testWebSocket(env, url);
    default:
      return null;
  }
}

/** The hub's URL and message types; live container ids only for the operator (hub secret). */
async function connectDetails(env: ContainersEnv, request: Request, url: URL): Promise<Response> {
  const presented = bearerOf(request);
  const operator = presented !== null && sameSecret(presented, await hubSecret(env));
  const stats = await hubStub(env)
    .fetch(`http://hub/stats${operator ? "?detail=ids" : ""}`)
    .then((r) => r.json())
    .catch(() => null);
  return Response.json({
    websocketUrl: hubUrl(url),
    description: "Containers connect here; the hub greets, acks, pings and relays messages.",
    messageTypes: CONTAINER_MESSAGE_TYPES,
    stats,
  });
}

/** Opens a socket to the hub from inside the Worker and walks through the seed's handshake. */
async function testWebSocket(env: ContainersEnv, url: URL): Promise<Response> {
  const started = Date.now();
  const steps: { step: string; ok: boolean; ms: number; detail?: string }[] = [];
  const containerId = `test-ws-${crypto.randomUUID().slice(0, 8)}`;
  const response = await hubStub(env).fetch(
    new Request(hubUrl(url).replace(/^ws/, "http"), {
      headers: { upgrade: "websocket", authorization: `Bearer ${await hubSecret(env)}` },
    }),
  );
  const socket = response.webSocket;
  if (!socket) {
    return jsonError(502, "The hub did not accept a WebSocket", { status: response.status });
  }
  socket.accept();
  const received: Record<string, unknown>[] = [];
  const waiters: { type: string; resolve: (frame: Record<string, unknown>) => void }[] = [];
  socket.addEventListener("message", (event) => {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(String(event.data));
    } catch {
      return;
    }
    received.push(frame);
    const index = waiters.findIndex((w) => w.type === frame.type);
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(frame);
  });
  const expect = (type: string, timeoutMs = 3000) => {
    const already = received.find((f) => f.type === type);
    if (already) return Promise.resolve(already);
    return new Promise<Record<string, unknown> | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      waiters.push({
        type,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      });
    });
  };
  const step = async (name: string, type: string, send?: Record<string, unknown>) => {
    const t = Date.now();
    if (send) socket.send(JSON.stringify(send));
    const frame = await expect(type);
    steps.push({
      step: name,
      ok: frame !== null,
      ms: Date.now() - t,
      ...(frame ? {} : { detail: `no ${type}` }),
    });
    return frame !== null;
  };
  const now = () => new Date().toISOString();
  (await step("server-welcome", "server-welcome")) &&
    (await step("container-connect → server-ack", "server-ack", {
      type: "container-connect",
      containerId,
      message: "self-test",
      timestamp: now(),
    })) &&
    (await step("container-message → server-echo", "server-echo", {
      type: "container-message",
      containerId,
      message: "self-test message",
      timestamp: now(),
    }));
  socket.close(1000, "self-test done");
  const success = steps.length === 3 && steps.every((s) => s.ok);
  return Response.json(
    { success, containerId, websocketUrl: hubUrl(url), steps, totalMs: Date.now() - started },
    { status: success ? 200 : 502 },
  );
}
