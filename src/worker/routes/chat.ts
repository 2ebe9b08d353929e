// The chat room's three doors. Each forwards the upgrade to the room's Durable Object and
// tells it, in headers, which dialect the socket speaks and which room it is.
import { ROOM_NAME } from "../../protocol/limits.js";
import { DIALECT_HEADER, ROOM_HEADER } from "../../rooms/chat/chat-room.js";
import type { DialectName } from "../../rooms/chat/dialects/index.js";
import type { Env } from "../env.js";
import { isWebSocketUpgrade, jsonError } from "../http.js";

export async function routeToChatRoom(
  request: Request,
  env: Env,
  room: string,
  dialect: DialectName,
): Promise<Response> {
  if (!ROOM_NAME.test(room)) {
    return jsonError(400, "invalid room name", {
      hint: "1-64 letters, digits, '-', '_' or '.', starting with a letter or digit",
    });
  }
  if (!isWebSocketUpgrade(request)) {
    return jsonError(426, "Expected websocket", { hint: "connect with a WebSocket client" });
  }
  const headers = new Headers(request.headers);
  headers.set(DIALECT_HEADER, dialect);
  headers.set(ROOM_HEADER, room);
  const stub = env.CHAT_ROOMS.get(env.CHAT_ROOMS.idFromName(room));
  return stub.fetch(new Request(request, { headers }));
}
