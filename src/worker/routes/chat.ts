// The chat room's doors. Each forwards the upgrade to the room's Durable Object, which
// reads the dialect and the room from the URL as the Worker did (rooms/chat/address.ts).
import { ROOM_NAME } from "../../protocol/limits.js";
import { chatAddress } from "../../rooms/chat/address.js";
import type { Env } from "../env.js";
import { isWebSocketUpgrade, jsonError } from "../http.js";

export async function routeToChatRoom(request: Request, env: Env): Promise<Response> {
  const address = chatAddress(request);
  const room = address?.room ?? "";
  if (!ROOM_NAME.test(room)) {
    return jsonError(400, "invalid room name", {
      hint: "1-64 letters, digits, '-', '_' or '.', starting with a letter or digit",
    });
  }
  if (!isWebSocketUpgrade(request)) {
    // Seed 003's room answers in plain text, as its example does; the other doors in JSON.
    if (address?.dialect === "room-per-path") {
      return new Response("Expected websocket", { status: 426 });
    }
    return jsonError(426, "Expected websocket", { hint: "connect with a WebSocket client" });
  }
  // As it came: the room reads its name and dialect from the same URL (rooms/chat/address.ts).
  return env.CHAT_ROOMS.get(env.CHAT_ROOMS.idFromName(room)).fetch(request);
}
