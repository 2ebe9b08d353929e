// Which room, in which dialect, a chat socket's URL names. The Worker routes by it and the room
// reads it again from the same URL, so the upgrade is forwarded as it came: no copy of the
// request (and its headers) per connect just to say what the URL already says.
import { getPath } from "hono/utils/url";
import type { DialectName } from "./dialects/index.js";

export interface ChatAddress {
  dialect: DialectName;
  /** As named (the Worker refuses names outside ROOM_NAME before routing). */
  room: string;
}

/**
 * `/ws?room=` (Parlor), `/api/chat?room=` (seed 002), `/rooms/<room>` (seed 003), and seed 003's
 * own `/<room>` (`/` is its room "default"); else null. The Worker sends a path here only when no
 * other route takes it, so `/<room>` never shadows another endpoint.
 */
export function chatAddress(request: Request, url = new URL(request.url)): ChatAddress | null {
  // The path as the Worker's router matched it (percent-decoded), so the Worker and the room
  // agree with the route: `/w%73?room=` is the Parlor door, as the router took it.
  const pathname = getPath(request);
  const { searchParams } = url;
  if (pathname === "/ws") return { dialect: "parlor", room: searchParams.get("room") || "default" };
  if (pathname === "/api/chat") {
    return { dialect: "chat-api", room: searchParams.get("room") || "default" };
  }
  const named = /^\/rooms\/([^/]+)$/.exec(pathname) ?? /^\/([^/]*)$/.exec(pathname);
  if (!named) return null;
  const raw = named[1] || "default";
  try {
    return { dialect: "room-per-path", room: decodeURIComponent(raw) };
  } catch {
    return { dialect: "room-per-path", room: raw };
  }
}
