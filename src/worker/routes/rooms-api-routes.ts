// The rooms REST API's routes: paths, parameters, bodies and answers, declared with the zod
// schemas of src/protocol/rooms-rest.ts. The Worker serves them (./rooms-api.ts) and
// docs/openapi.json is generated from them (cli/openapi.ts); neither can drift from the other.
import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import {
  BanList,
  BanParams,
  CreatedRoom,
  CreateRoomBody,
  DirectoryPage,
  DirectoryQuery,
  ErrorBody,
  JoinBody,
  MessageParams,
  RoomInfo,
  RoomParams,
  SearchPage,
  SearchQuery,
  TicketBody,
  UserBody,
} from "../../protocol/rooms-rest.js";

/** The owner key: `X-Owner-Key`, or `Authorization: Bearer` (see docs/rooms.md). */
export const OWNER_KEY_HEADER = "X-Owner-Key";
const ownerAuth: Record<string, string[]>[] = [{ OwnerKey: [] }, { Bearer: [] }];

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const error = (description: string) => json(ErrorBody, description);
const body = <S extends z.ZodType>(schema: S) => ({
  body: { content: { "application/json": { schema } }, required: true },
});
const ownerErrors = {
  401: error("No owner key"),
  403: error("Wrong owner key"),
  404: error("The room was never created (or was deleted)"),
};
const noContent = { description: "Done" };

/** A route only the room's owner may call: the owner key's security and its 401/403/404 answers. */
function ownerRoute<R extends Parameters<typeof createRoute>[0]>(route: R) {
  return createRoute({
    ...route,
    security: ownerAuth,
    responses: { ...route.responses, ...ownerErrors },
  });
}

export const routes = {
  list: createRoute({
    method: "get",
    path: "/api/rooms",
    summary: "Public rooms, busiest first",
    request: { query: DirectoryQuery },
    responses: { 200: json(DirectoryPage, "A page of the directory"), 400: error("Bad query") },
  }),
  create: createRoute({
    method: "post",
    path: "/api/rooms",
    summary: "Create a room (a random name when none is given)",
    request: body(CreateRoomBody),
    responses: {
      201: json(CreatedRoom, "Created; keep the owner key"),
      400: error("Bad input"),
      409: error("The room already exists (created, or already in use)"),
    },
  }),
  info: createRoute({
    method: "get",
    path: "/api/rooms/{name}",
    summary: "What a client needs before joining: whether the room asks for a password",
    request: { params: RoomParams },
    responses: { 200: json(RoomInfo, "The room (any name: a never-created room has no password)") },
  }),
  deleteRoom: ownerRoute({
    method: "delete",
    path: "/api/rooms/{name}",
    summary: "Delete a room: its history, owner key and password are erased",
    request: { params: RoomParams },
    responses: { 204: noContent },
  }),
  join: createRoute({
    method: "post",
    path: "/api/rooms/{name}/join",
    summary: "Trade the password for a ticket (`?ticket=` on the WebSocket URL; single use, 60 s)",
    request: { params: RoomParams, ...body(JoinBody) },
    responses: {
      200: json(TicketBody, "A ticket"),
      403: error("Wrong password (repeated guesses are answered more and more slowly)"),
      429: error("Too many wrong passwords from this client; see Retry-After"),
    },
  }),
  removeMessage: ownerRoute({
    method: "delete",
    path: "/api/rooms/{name}/messages/{seq}",
    summary: "Remove a message: gone from history, resume and search; clients are told",
    request: { params: MessageParams },
    responses: { 204: noContent },
  }),
  kick: ownerRoute({
    method: "post",
    path: "/api/rooms/{name}/kick",
    summary: "Disconnect a user's sockets (close code 4001); they may come back",
    request: { params: RoomParams, ...body(UserBody) },
    responses: { 204: noContent, 400: error("Bad input") },
  }),
  ban: ownerRoute({
    method: "post",
    path: "/api/rooms/{name}/bans",
    summary: "Ban a user: disconnected (4003) and refused in every dialect until unbanned",
    request: { params: RoomParams, ...body(UserBody) },
    responses: { 204: noContent, 400: error("Bad input") },
  }),
  bans: ownerRoute({
    method: "get",
    path: "/api/rooms/{name}/bans",
    summary: "Who is banned",
    request: { params: RoomParams },
    responses: { 200: json(BanList, "Banned users") },
  }),
  unban: ownerRoute({
    method: "delete",
    path: "/api/rooms/{name}/bans/{user}",
    summary: "Lift a ban",
    request: { params: BanParams },
    responses: { 204: noContent },
  }),
  search: createRoute({
    method: "get",
    path: "/api/rooms/{name}/search",
    summary: "Full-text search of the room's messages, best match first, paged",
    request: { params: RoomParams, query: SearchQuery },
    responses: {
      200: json(SearchPage, "Results with highlighted snippets"),
      400: error("Bad query"),
      401: error("A password room: a ticket is required"),
      403: error("Invalid or expired ticket"),
    },
  }),
};

/** The security schemes the routes name. */
export function registerSecuritySchemes(app: OpenAPIHono<never>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "OwnerKey", {
    type: "apiKey",
    in: "header",
    name: OWNER_KEY_HEADER,
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "Bearer", {
    type: "http",
    scheme: "bearer",
    description: "The room's owner key (when the Authorization header is not a user's token)",
  });
}
