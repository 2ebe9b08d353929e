// The rooms REST API: `/api/rooms` (directory, create), and per room: delete, password
// tickets, moderation and search. Routes and bodies are declared with the zod schemas of
// src/protocol/rooms-rest.ts, so requests are validated with them and docs/openapi.json is
// generated from them (cli/openapi.ts). Each room's own Durable Object does the work
// (ChatRoom.admin, src/rooms/chat/admin.ts); the directory is its own Durable Object.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AdminRequest, AdminResult } from "../../rooms/chat/admin.js";
import { DIRECTORY_NAME } from "../../rooms/directory/directory-name.js";
import { readIdentity } from "../../rooms/identity.js";
import type { Env } from "../env.js";
import { jsonError, notFound } from "../http.js";
import { OWNER_KEY_HEADER, registerSecuritySchemes, routes } from "./rooms-api-routes.js";

type Ctx = Context<{ Bindings: Env }>;

export const roomsApi = new OpenAPIHono<{ Bindings: Env }>({
  // Bad input: one JSON error naming the field, like every other route.
  defaultHook: (result) => {
    if (result.success) return;
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return jsonError(400, `${where}${issue?.message ?? "invalid request"}`);
  },
});
registerSecuritySchemes(roomsApi as unknown as OpenAPIHono<never>);
roomsApi.notFound((c) => notFound(c.req.raw));
roomsApi.onError((err) => {
  if (err instanceof HTTPException) return jsonError(err.status, err.message || "bad request");
  throw err;
});

// ---- directory and creation ----

roomsApi.openapi(routes.list, async (c) => {
  const { limit, offset } = c.req.valid("query");
  if (!c.env.DIRECTORY) return c.json({ rooms: [], next: null }, 200);
  const directory = c.env.DIRECTORY.get(c.env.DIRECTORY.idFromName(DIRECTORY_NAME));
  return c.json(await directory.list(offset, limit), 200);
});

roomsApi.openapi(routes.create, async (c) => {
  const { name, visibility, password } = c.req.valid("json");
  const room = name ?? randomRoomName();
  return answer(c, room, { op: "create", room, visibility, password });
});

roomsApi.openapi(routes.info, (c) => {
  const { name } = c.req.valid("param");
  return answer(c, name, { op: "info", room: name });
});

roomsApi.openapi(routes.deleteRoom, (c) => {
  const { name } = c.req.valid("param");
  return answer(c, name, { op: "delete", room: name, ownerKey: ownerKey(c) });
});

// ---- password rooms ----

roomsApi.openapi(routes.join, (c) => {
  const { name } = c.req.valid("param");
  const { password } = c.req.valid("json");
  const client = c.req.header("CF-Connecting-IP") ?? "unknown";
  return answer(c, name, { op: "join", room: name, password, client, ownerKey: ownerKey(c) });
});

// ---- moderation ----

roomsApi.openapi(routes.removeMessage, (c) => {
  const { name, seq } = c.req.valid("param");
  return answer(c, name, { op: "remove-message", room: name, seq, ownerKey: ownerKey(c) });
});

roomsApi.openapi(routes.kick, (c) => {
  const { name } = c.req.valid("param");
  const user = c.req.valid("json").name;
  return answer(c, name, { op: "kick", room: name, user, ownerKey: ownerKey(c) });
});

roomsApi.openapi(routes.ban, (c) => {
  const { name } = c.req.valid("param");
  const user = c.req.valid("json").name;
  return answer(c, name, { op: "ban", room: name, user, ownerKey: ownerKey(c) });
});

roomsApi.openapi(routes.bans, (c) => {
  const { name } = c.req.valid("param");
  return answer(c, name, { op: "bans", room: name, ownerKey: ownerKey(c) });
});

roomsApi.openapi(routes.unban, (c) => {
  const { name, user } = c.req.valid("param");
  return answer(c, name, { op: "unban", room: name, user, ownerKey: ownerKey(c) });
});

// ---- search ----

roomsApi.openapi(routes.search, (c) => {
  const { name } = c.req.valid("param");
  const { q, limit, offset, ticket } = c.req.valid("query");
  // Direct messages are found only by their two parties: the viewer is the verified token's
  // name (secure mode), never a parameter; in open mode nobody is verified and none are found.
  const viewer = readIdentity(c.req.raw)?.name;
  return answer(c, name, {
    op: "search",
    room: name,
    query: q,
    limit,
    offset,
    ticket,
    ...(viewer ? { viewer } : {}),
    ownerKey: ownerKey(c),
  });
});

// ---- helpers ----

function ownerKey(c: Ctx): string | undefined {
  const header = c.req.header(OWNER_KEY_HEADER);
  if (header) return header;
  const auth = c.req.header("Authorization");
  return auth?.startsWith("Bearer ") ? auth.slice(7).trim() || undefined : undefined;
}

/**
 * Runs a request in the room's Durable Object and answers with its result. The room decides
 * the status (each route's `responses` documents them), so the typed-response check of
 * @hono/zod-openapi cannot apply: the Response is handed back as `never`.
 */
async function answer(c: Ctx, room: string, request: AdminRequest): Promise<never> {
  return (await respond(c, room, request)) as never;
}

async function respond(c: Ctx, room: string, request: AdminRequest): Promise<Response> {
  const stub = c.env.CHAT_ROOMS.get(c.env.CHAT_ROOMS.idFromName(room));
  const result: AdminResult = await stub.admin(request);
  // Wrong passwords are answered slowly; the wait is here, so the room keeps serving.
  if (result.delayMs) await new Promise((resolve) => setTimeout(resolve, result.delayMs));
  const headers: Record<string, string> = {};
  const retry = result.body?.retryAfterSeconds;
  if (result.status === 429 && typeof retry === "number") headers["Retry-After"] = String(retry);
  if (result.status === 204) return new Response(null, { status: 204 });
  return Response.json(result.body ?? {}, { status: result.status, headers });
}

function randomRoomName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  return `room-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
