// Small HTTP helpers shared by the routes.

/** A JSON error body with a status, the one shape every route uses for bad requests. */
export function jsonError(status: number, error: string, extra: Record<string, unknown> = {}) {
  return Response.json({ error, ...extra }, { status });
}

/** The 404 for an address no route serves. */
export function notFound(request: Request) {
  return jsonError(404, "not found", { path: new URL(request.url).pathname, see: "/" });
}

export function isWebSocketUpgrade(request: Request): boolean {
  return request.headers.get("Upgrade")?.toLowerCase() === "websocket";
}
