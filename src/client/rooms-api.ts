// The rooms REST API (docs/rooms.md) for browsers and Node: directory, create and delete,
// password tickets, moderation and search, typed with the schemas of src/protocol/rooms-rest.ts.
import type { z } from "zod";
import type {
  BanList,
  CreatedRoom,
  CreateRoomBody,
  DirectoryPage,
  RoomInfo,
  SearchPage,
  TicketBody,
} from "../protocol/rooms-rest.js";

/** A refused call: the HTTP status, the server's `error`, and for 429 how long to wait. */
export class RoomsApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "RoomsApiError";
  }
}

export class RoomsApi {
  private readonly origin: string;

  /**
   * `url`: the server's origin, `http(s)://host[:port]` (a `ws(s):` one is turned into http).
   * `token`: secure mode, a function returning the user's token, sent as `Authorization: Bearer`
   * on every call (the owner key then travels as `X-Owner-Key`).
   */
  constructor(
    url: string,
    private readonly options: { token?: () => string | Promise<string> } = {},
  ) {
    const origin = new URL(url);
    origin.protocol =
      origin.protocol === "wss:" || origin.protocol === "https:" ? "https:" : "http:";
    this.origin = origin.origin;
  }

  /** Public rooms, busiest first. */
  list(options: { limit?: number; offset?: number } = {}): Promise<z.infer<typeof DirectoryPage>> {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set("limit", String(options.limit));
    if (options.offset !== undefined) query.set("offset", String(options.offset));
    return this.call("GET", `/api/rooms?${query}`);
  }

  /** Creates a room; keep `ownerKey`, it cannot be recovered. */
  create(body: z.input<typeof CreateRoomBody>): Promise<CreatedRoom> {
    return this.call("POST", "/api/rooms", { body });
  }

  /** Whether joining needs a password (then trade it for a ticket with `join`). */
  info(room: string): Promise<RoomInfo> {
    return this.call("GET", `/api/rooms/${enc(room)}`);
  }

  /** Trades a password (or the owner key) for a single-use ticket, valid 60 s. */
  join(room: string, password: string, ownerKey?: string): Promise<z.infer<typeof TicketBody>> {
    return this.call("POST", `/api/rooms/${enc(room)}/join`, { body: { password }, ownerKey });
  }

  deleteRoom(room: string, ownerKey: string): Promise<void> {
    return this.call("DELETE", `/api/rooms/${enc(room)}`, { ownerKey });
  }

  removeMessage(room: string, seq: number, ownerKey: string): Promise<void> {
    return this.call("DELETE", `/api/rooms/${enc(room)}/messages/${seq}`, { ownerKey });
  }

  kick(room: string, name: string, ownerKey: string): Promise<void> {
    return this.call("POST", `/api/rooms/${enc(room)}/kick`, { body: { name }, ownerKey });
  }

  ban(room: string, name: string, ownerKey: string): Promise<void> {
    return this.call("POST", `/api/rooms/${enc(room)}/bans`, { body: { name }, ownerKey });
  }

  /** Who is banned from the room. */
  bans(room: string, ownerKey: string): Promise<z.infer<typeof BanList>> {
    return this.call("GET", `/api/rooms/${enc(room)}/bans`, { ownerKey });
  }

  unban(room: string, name: string, ownerKey: string): Promise<void> {
    return this.call("DELETE", `/api/rooms/${enc(room)}/bans/${enc(name)}`, { ownerKey });
  }

  /** Full-text search over REST (room messages only); a password room needs a `ticket`. */
  search(
    room: string,
    q: string,
    options: { limit?: number; offset?: number; ticket?: string } = {},
  ): Promise<z.infer<typeof SearchPage>> {
    const query = new URLSearchParams({ q });
    for (const [key, value] of Object.entries(options)) {
      if (value !== undefined) query.set(key, String(value));
    }
    return this.call("GET", `/api/rooms/${enc(room)}/search?${query}`);
  }

  private async call<T>(
    method: string,
    path: string,
    options: { body?: unknown; ownerKey?: string } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (options.ownerKey) headers["X-Owner-Key"] = options.ownerKey;
    if (this.options.token) headers.Authorization = `Bearer ${await this.options.token()}`;
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    if (response.status === 204) return undefined as T;
    const body = (await response.json().catch(() => ({}))) as {
      error?: string;
      retryAfterSeconds?: number;
    };
    if (!response.ok) {
      const message = body.error ?? `HTTP ${response.status}`;
      throw new RoomsApiError(response.status, message, body.retryAfterSeconds);
    }
    return body as T;
  }
}

const enc = encodeURIComponent;
