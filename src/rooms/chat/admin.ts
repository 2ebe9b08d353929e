// The room's side of the rooms REST API (src/worker/routes/rooms-api.ts): creating and deleting
// the room, password tickets, moderation and search. The Worker calls `ChatRoom.admin` over RPC
// with one of these requests and turns the result into the HTTP response.
import { CloseCode } from "../../protocol/limits.js";
import type { CreatedRoom, RoomInfo } from "../../protocol/rooms-rest.js";
import type { MessageLog } from "../engine/message-log.js";
import type { ChatEvent } from "./events.js";
import type { RoomSettings } from "./room-settings.js";
import type { SearchIndex } from "./search-index.js";
import {
  equalInConstantTime,
  hashPassword,
  randomToken,
  sha256,
  verifyPassword,
} from "./secrets.js";

type Owned = { room: string; ownerKey?: string };
export type AdminRequest =
  | { op: "create"; room: string; visibility: "public" | "private"; password?: string }
  | { op: "info"; room: string }
  | ({ op: "delete" } & Owned)
  | ({ op: "remove-message"; seq: number } & Owned)
  | ({ op: "kick"; user: string } & Owned)
  | ({ op: "ban"; user: string } & Owned)
  | ({ op: "unban"; user: string } & Owned)
  | ({ op: "bans" } & Owned)
  | { op: "join"; room: string; password: string; client: string; ownerKey?: string }
  | {
      op: "search";
      room: string;
      query: string;
      limit: number;
      offset: number;
      ticket?: string;
      viewer?: string;
      ownerKey?: string;
    };

/** An HTTP answer: status, JSON body, and how long the Worker holds it (slowed guesses). */
export interface AdminResult {
  status: number;
  body?: Record<string, unknown>;
  delayMs?: number;
}

/** What the room lends the admin requests. */
export interface AdminHost {
  settings: RoomSettings;
  log: MessageLog;
  search: SearchIndex;
  /** Anyone connected, or any message stored: the room is in use even if never created. */
  inUse(): boolean;
  emit(event: ChatEvent): void;
  /** Sends a removed direct message's notice to its two parties only. */
  emitDirectDeleted(event: ChatEvent & { kind: "deleted" }): void;
  /** Closes every socket of `user` (null: every socket) with a code. */
  close(user: string | null, code: number, reason: string): void;
  directoryChanged(now?: boolean): void;
}

const fail = (status: number, error: string, extra: Record<string, unknown> = {}) => ({
  status,
  body: { error, ...extra },
});

export async function runAdmin(host: AdminHost, request: AdminRequest): Promise<AdminResult> {
  const { settings } = host;
  if (request.op === "create") return create(host, request);
  if (request.op === "join") return join(host, request);
  if (request.op === "info") {
    const body: RoomInfo = { name: request.room, hasPassword: Boolean(settings.info?.password) };
    return { status: 200, body };
  }
  if (request.op === "search") {
    const info = settings.info;
    if (info?.password && !(await isOwner(host, request.ownerKey))) {
      if (!request.ticket) return fail(401, "ticket required");
      if (!(await settings.redeemTicket(request.ticket))) return fail(403, "invalid ticket");
    }
    const page = host.search.search(request.viewer, request.query, request.limit, request.offset);
    return { status: 200, body: page };
  }

  // Everything else is the owner's.
  if (!request.ownerKey) return fail(401, "owner key required");
  if (!settings.info) return fail(404, "room not found");
  if (!(await isOwner(host, request.ownerKey))) return fail(403, "wrong owner key");

  switch (request.op) {
    case "delete":
      host.emit({ kind: "room_deleted", room: request.room });
      host.close(null, CloseCode.roomDeleted, "Room deleted");
      host.log.wipe();
      host.search.forget();
      settings.erase();
      host.directoryChanged(true);
      return { status: 204 };
    case "remove-message": {
      const message = host.log.remove(request.seq);
      if (!message) return fail(404, "no message with that seq");
      if (message.kind === "direct") host.emitDirectDeleted({ kind: "deleted", message });
      else host.emit({ kind: "deleted", message });
      return { status: 204 };
    }
    case "kick":
      host.close(request.user, CloseCode.kicked, "Kicked by the room's owner");
      return { status: 204 };
    case "ban":
      settings.ban(request.user);
      host.close(request.user, CloseCode.banned, "Banned from this room");
      return { status: 204 };
    case "unban":
      return settings.unban(request.user) ? { status: 204 } : fail(404, "not banned");
    case "bans":
      return { status: 200, body: { bans: settings.bans() } };
  }
}

async function create(
  host: AdminHost,
  request: AdminRequest & { op: "create" },
): Promise<AdminResult> {
  if (host.settings.info || host.inUse()) return fail(409, "room already exists");
  const ownerKey = randomToken();
  host.settings.create({
    name: request.room,
    visibility: request.visibility,
    ownerHash: await sha256(ownerKey),
    password: request.password ? await hashPassword(request.password) : null,
    createdAt: Date.now(),
  });
  host.directoryChanged(true);
  const body: CreatedRoom = {
    name: request.room,
    ownerKey,
    visibility: request.visibility,
    hasPassword: Boolean(request.password),
  };
  return { status: 201, body };
}

async function join(host: AdminHost, request: AdminRequest & { op: "join" }): Promise<AdminResult> {
  const { settings } = host;
  const password = settings.info?.password;
  // The owner, and anyone at all in a room without a password, gets a ticket for the asking.
  if (!password || (await isOwner(host, request.ownerKey))) {
    return { status: 200, body: await settings.issueTicket() };
  }
  const before = settings.guessAllowed(request.client);
  if (before.locked) return tooMany(before.retryAfterMs);
  if (await verifyPassword(request.password, password)) {
    settings.rightGuess(request.client);
    return { status: 200, body: await settings.issueTicket() };
  }
  const after = settings.wrongGuess(request.client);
  return {
    ...fail(403, "wrong password"),
    delayMs: after.locked ? 0 : after.delayMs,
  };
}

function tooMany(retryAfterMs: number): AdminResult {
  const retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
  return fail(429, "too many wrong passwords", { retryAfterSeconds });
}

async function isOwner(host: AdminHost, key: string | undefined): Promise<boolean> {
  const info = host.settings.info;
  if (!info || !key) return false;
  return equalInConstantTime(await sha256(key), info.ownerHash);
}
