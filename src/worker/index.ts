// Parlor's Worker: routes each endpoint to the Durable Object that serves it.
// Rooms live in Durable Objects (one per room name); this file only decides which one.
import { type Context, Hono } from "hono";
import { ChatRoom } from "../rooms/chat/chat-room.js";
import { RoomDirectory } from "../rooms/directory/room-directory.js";
import { readIdentity } from "../rooms/identity.js";
import { WebSocketHub } from "../rooms/websocket-hub/websocket-hub.js";
import { admit } from "./edge/gate.js";
import type { Env } from "./env.js";
import { isWebSocketUpgrade, jsonError, notFound } from "./http.js";
import { authMode, guestSignIn } from "./routes/auth.js";
import { routeToChatRoom } from "./routes/chat.js";
import { home } from "./routes/home.js";
import { proxyWebSocket } from "./routes/proxy.js";
import { routeToHub } from "./routes/websocket-hub.js";

export * from "../rooms/containers/index.js";
export { ClientGate } from "../rooms/gate/client-gate.js";
export { NameClaim } from "../rooms/names/name-claim.js";
export { ChatRoom, RoomDirectory, WebSocketHub };

import { handleContainers } from "./routes/containers.js";

const app = new Hono<{ Bindings: Env }>();

/** `/<one segment>`: seed 003's room per path, when nothing else is there. */
const SINGLE_SEGMENT = /^\/[^/]+$/;

// An upgrade at `/` is seed 003's room "default" (its Worker: `url.pathname.slice(1) || 'default'`).
app.get("/", (c) =>
  isWebSocketUpgrade(c.req.raw) ? routeToChatRoom(c.req.raw, c.env) : home(c.req.raw, c.env.ASSETS),
);

// `/ws` is two systems: with `room` or `name` it is the chat app (seed 004), otherwise
// it is seed 001's hub (`?id=`, default "default").
app.get("/ws", (c) => {
  const room = c.req.query("room");
  const name = c.req.query("name");
  if (room === undefined && name === undefined) return routeToHub(c.req.raw, c.env, false);
  // In secure mode the token names the socket; ?name= is then optional (and ignored).
  if (!name?.trim() && !readIdentity(c.req.raw)) {
    return jsonError(400, "name is required", { hint: "/ws?room=R&name=N" });
  }
  return routeToChatRoom(c.req.raw, c.env);
});
app.get("/api/chat", (c) => routeToChatRoom(c.req.raw, c.env));
app.get("/rooms/:room", (c) => routeToChatRoom(c.req.raw, c.env));
// The rooms REST API loads on its first request. It brings classic zod and the OpenAPI stack,
// which no room needs: left out of the isolate until then, they are not marked by every full
// garbage collection (docs/performance.md, "A smaller isolate").
const roomsRestApi = async (c: Context<{ Bindings: Env }>) => {
  const { roomsApi } = await import("./routes/rooms-api.js");
  return roomsApi.fetch(c.req.raw, c.env, c.executionCtx);
};
app.all("/api/rooms", roomsRestApi);
app.all("/api/rooms/*", roomsRestApi);
app.post("/api/auth/guest", (c) => guestSignIn(c.req.raw, c.env));
app.get("/api/auth/mode", (c) => authMode(c.env));
app.get("/websocket/stats", (c) => routeToHub(c.req.raw, c.env, true));
app.all("/proxy", (c) => proxyWebSocket(c.req.raw, c.env));
app.all("/proxy/*", (c) => proxyWebSocket(c.req.raw, c.env));

// Seed 000's routes (containers and their hub) decide for themselves.
app.all("*", async (c, next) => {
  const response = await handleContainers(c.req.raw, c.env, new URL(c.req.url));
  if (response) return response;
  await next();
});

// Last of all, seed 003's own client address, `/<room>?userId=`: an upgrade no route above took.
app.notFound((c) => {
  if (isWebSocketUpgrade(c.req.raw) && SINGLE_SEGMENT.test(c.req.path)) {
    return routeToChatRoom(c.req.raw, c.env);
  }
  return notFound(c.req.raw);
});
app.onError((error) => {
  console.error(JSON.stringify({ event: "worker_error", error: String(error) }));
  return jsonError(500, "internal error");
});

// Every request passes the edge gate (origin, token, per-IP limits, internal headers) first.
export default {
  async fetch(request, env, ctx) {
    try {
      const admitted = await admit(request, env);
      if (admitted instanceof Response) return admitted;
      return await admitted.finish(await app.fetch(admitted.request, env, ctx));
    } catch (error) {
      console.error(JSON.stringify({ event: "edge_error", error: String(error) }));
      return jsonError(500, "internal error");
    }
  },
} satisfies ExportedHandler<Env>;
