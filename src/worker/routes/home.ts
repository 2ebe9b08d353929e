// `GET /`: the web app for browsers, a JSON map of every endpoint for everything else.

export const endpoints = [
  { method: "GET", path: "/", description: "The chat web app (browsers) or this list (JSON)" },
  {
    method: "WS",
    path: "/ws?room=R&name=N",
    description: "Parlor chat protocol (docs/protocol.md)",
  },
  {
    method: "WS",
    path: "/api/chat",
    description: "Seed 002 chat API; one shared room, ?room= picks another",
  },
  {
    method: "WS",
    path: "/rooms/<room>?userId=U",
    description:
      "Seed 003 room per path with typing and direct messages; also at the seed's own /<room>?userId=U (/ is room default)",
  },
  {
    method: "WS",
    path: "/ws?id=I",
    description: "Seed 001 WebSocketServer hub instance (default id: default)",
  },
  { method: "GET", path: "/websocket/stats?id=I", description: "Statistics of a hub instance" },
  {
    method: "POST",
    path: "/api/auth/guest",
    description: "Secure mode: {name} -> a guest token; the name is yours until it lapses",
  },
  { method: "GET", path: "/api/auth/mode", description: "open or secure (AUTH_SECRET set)" },
  { method: "WS", path: "/proxy/<path>", description: "WebSocket proxy to PROXY_ORIGIN" },
  {
    method: "GET",
    path: "/container/:id",
    description: "Start (or reuse) the container named id; returns its /",
  },
  {
    method: "GET",
    path: "/container/:id/<route>",
    description: "A route of that container (/ws-status, /ws-send, ...)",
  },
  {
    method: "GET",
    path: "/lb",
    description: "Load-balance over a pool of containers, skipping dead ones",
  },
  {
    method: "GET",
    path: "/error",
    description: "Start a container and call its /error (a 500 with a JSON error)",
  },
  { method: "GET", path: "/singleton", description: "Always the same container instance" },
  {
    method: "GET",
    path: "/connectws",
    description: "The containers hub's WebSocket URL and message types (WS: the hub)",
  },
  {
    method: "GET",
    path: "/test-ws",
    description: "Self-test: open a socket to the containers hub and handshake",
  },
] as const;

/**
 * `GET /`: the same URL is two resources, chosen by `Accept`, so caches are told (`Vary`).
 */
export async function home(request: Request, assets: Fetcher | undefined): Promise<Response> {
  const response = wantsHtml(request) ? await webApp(request, assets) : endpointList(request);
  const varied = new Response(response.body, response);
  varied.headers.append("Vary", "Accept");
  return varied;
}

function wantsHtml(request: Request): boolean {
  return (request.headers.get("Accept") ?? "").includes("text/html");
}

function endpointList(request: Request): Response {
  const origin = new URL(request.url).origin;
  return Response.json({ name: "Parlor", origin, endpoints });
}

/**
 * The web app's index.html from the static assets (dist/web). Without them (the app was never
 * built, e.g. a bare `wrangler dev --no-build`), a short page says how to build it.
 */
async function webApp(request: Request, assets: Fetcher | undefined): Promise<Response> {
  if (assets) {
    const response = await assets.fetch(request);
    // 200, or 304 for a revalidating reload; only a missing index.html means "not built".
    if (response.status !== 404) return response;
  }
  return new Response(NOT_BUILT, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parlor</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Parlor</h1><p>The chat web app is not built. Run <code>npm run build:web</code>
(<code>npm start</code> and <code>npm run deploy</code> do it for you).
<code>GET /</code> with <code>Accept: application/json</code> lists every endpoint.</p></body></html>`;
