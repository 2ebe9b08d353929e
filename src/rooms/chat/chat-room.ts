// The chat room: one Durable Object per room name, shared by three dialects.
//
// `/ws?room=lobby` (Parlor), `/api/chat?room=lobby` (seed 002) and `/rooms/lobby` (seed 003)
// all land in the same object: one message log, one presence list. Every event is rendered
// once per dialect and sent to that dialect's sockets.
import { ApiClientFrame } from "../../protocol/chat-api.js";
import {
  LIVE_PRESENCE_MAX,
  MAX_HISTORY_PAGE,
  MAX_NAME_LENGTH,
  MAX_RESUME,
  MAX_TEXT_LENGTH,
  MAX_WELCOME_USERS,
  WELCOME_HISTORY,
} from "../../protocol/limits.js";
import { ParlorClientFrame } from "../../protocol/parlor.js";
import { RoomsClientFrame } from "../../protocol/rooms.js";
import type { EngineEnv } from "../engine/config.js";
import { type Connection, connectionOf, sendTo, Tag } from "../engine/connection.js";
import { MessageLog, type StoredMessage } from "../engine/message-log.js";
import { type Admission, Room } from "../engine/room.js";
import { apiDialect } from "./dialects/chat-api.js";
import { parlorDialect, parlorEntry } from "./dialects/parlor.js";
import { roomsDialect } from "./dialects/room-per-path.js";
import type { ChatEvent, Dialect } from "./events.js";

/** Who a socket is when it never said (seed 003's `attachment?.userId || 'anonymous'`). */
const ANONYMOUS = "anonymous";
/** Largest seed 003 `direct` frame, as JSON: twice a chat message's text limit. */
const MAX_DIRECT_FRAME = 2 * MAX_TEXT_LENGTH;

export const DIALECT_HEADER = "X-Parlor-Dialect";
export const ROOM_HEADER = "X-Parlor-Room";

const dialects: Record<string, Dialect> = {
  parlor: parlorDialect,
  "chat-api": apiDialect,
  "room-per-path": roomsDialect,
};

export class ChatRoom extends Room<EngineEnv> {
  private readonly log: MessageLog;

  constructor(ctx: DurableObjectState, env: EngineEnv) {
    super(ctx, env);
    this.log = new MessageLog(ctx.storage.sql, this.config.retention);
  }

  // ---- connecting -------------------------------------------------------------------------

  protected admit(request: Request): Admission | Response {
    const url = new URL(request.url);
    const dialect = request.headers.get(DIALECT_HEADER) ?? "parlor";
    const room = request.headers.get(ROOM_HEADER) ?? "default";
    const bad = (error: string) => Response.json({ error }, { status: 400 });
    if (dialect === "parlor") {
      const name = url.searchParams.get("name")?.trim() ?? "";
      if (!name || name.length > MAX_NAME_LENGTH)
        return bad(`name must be 1-${MAX_NAME_LENGTH} characters`);
      const extra: Connection["extra"] = { room };
      const since = url.searchParams.get("since");
      if (since !== null) {
        if (!/^\d+$/.test(since)) return bad("since must be a sequence number");
        const epoch = url.searchParams.get("epoch") ?? "";
        // Attachments are small (2 KiB on Cloudflare); an epoch is a UUID.
        if (epoch.length > 64) return bad("epoch must be at most 64 characters");
        extra.since = Number(since);
        extra.epoch = epoch;
      }
      return { dialect, user: name, extra };
    }
    if (dialect === "room-per-path") {
      const userId = url.searchParams.get("userId")?.trim() || ANONYMOUS;
      if (userId.length > MAX_NAME_LENGTH)
        return bad(`userId must be at most ${MAX_NAME_LENGTH} characters`);
      return { dialect, user: userId, extra: { room } };
    }
    if (dialect === "chat-api") return { dialect, extra: { room } };
    return bad(`unknown dialect ${dialect}`);
  }

  protected onOpen(ws: WebSocket, conn: Connection, firstOfUser: boolean): void {
    if (conn.dialect === "parlor") this.welcome(ws, conn);
    if (firstOfUser && conn.user !== undefined) this.announceJoin(conn.user, ws);
  }

  /** Parlor's welcome: who is here, and history (or exactly what a resuming client missed). */
  private welcome(ws: WebSocket, conn: Connection): void {
    const since = conn.extra?.since;
    let resume: "ok" | "reload" | undefined;
    let page: { messages: StoredMessage[]; hasMore: boolean } | undefined;
    if (typeof since === "number") {
      const result = this.log.since(conn.user, since, String(conn.extra?.epoch ?? ""), MAX_RESUME);
      resume = result.status;
      if (result.status === "ok") page = { messages: result.messages, hasMore: false };
    }
    page ??= this.log.page(conn.user, WELCOME_HISTORY);
    sendTo(
      ws,
      JSON.stringify({
        type: "welcome",
        connectionId: conn.id,
        room: String(conn.extra?.room ?? ""),
        name: conn.user,
        epoch: this.log.epoch,
        lastSeq: this.log.lastSeq,
        users: this.presence.users().slice(0, MAX_WELCOME_USERS),
        count: this.presence.userCount,
        history: page.messages.map(parlorEntry),
        hasMore: page.hasMore,
        ...(resume ? { resume } : {}),
      }),
    );
  }

  private announceJoin(user: string, joiner: WebSocket): void {
    this.announce({ kind: "join", user, count: this.presence.userCount, at: Date.now() }, joiner);
  }

  protected onLeave(conn: Connection, lastOfUser: boolean): void {
    if (!lastOfUser || conn.user === undefined) return;
    this.announce({
      kind: "leave",
      user: conn.user,
      count: this.presence.userCount,
      at: Date.now(),
    });
  }

  /** Last count sent in a presence summary (a cache: losing it costs one extra summary). */
  private summarizedCount = -1;

  /**
   * Joins and leaves go out one by one in ordinary rooms. In large ones that traffic grows with
   * the square of the room, so the alarm sends one count a second instead.
   */
  private announce(event: ChatEvent, joiner?: WebSocket): void {
    if (this.presence.userCount <= LIVE_PRESENCE_MAX) {
      this.emit(event, { except: joiner });
      return;
    }
    void this.ensureAlarm(Date.now() + 1000);
  }

  protected override onAlarm(): number | null {
    const count = this.presence.userCount;
    if (count > LIVE_PRESENCE_MAX && count !== this.summarizedCount) {
      this.summarizedCount = count;
      this.emit({ kind: "presence", count });
    }
    return null;
  }

  // ---- frames ------------------------------------------------------------------------------

  protected onFrame(ws: WebSocket, conn: Connection, data: unknown): void {
    switch (conn.dialect) {
      case "parlor":
        this.onParlorFrame(ws, conn, data);
        break;
      case "chat-api":
        this.onApiFrame(ws, conn, data);
        break;
      case "room-per-path":
        this.onRoomsFrame(ws, conn, data);
        break;
    }
  }

  private onParlorFrame(ws: WebSocket, conn: Connection, data: unknown): void {
    // Seed 004's ChatMessage is `{ message }`: a frame with a message and no type is a chat message.
    const typed =
      data !== null && typeof data === "object" && !("type" in data) && "message" in data
        ? { ...data, type: "message" }
        : data;
    const frame = this.validate(ws, conn, ParlorClientFrame, typed);
    if (!frame || conn.user === undefined) return;
    const user = conn.user;
    switch (frame.type) {
      case "message":
      case "direct": {
        const clientId = frame.clientId ?? null;
        const earlier = clientId ? this.log.findByClientId(user, clientId) : null;
        if (earlier) {
          // A resend after a reconnect: acknowledge again, store and broadcast nothing.
          sendTo(ws, ack(clientId, earlier, true));
          return;
        }
        const message = this.log.append({
          kind: frame.type,
          sender: user,
          recipient: frame.type === "direct" ? frame.to : null,
          text: frame.message,
          clientId,
        });
        sendTo(ws, ack(clientId, message, false));
        this.publish(message);
        return;
      }
      case "typing":
        this.emit({ kind: "typing", user, typing: frame.typing }, { except: ws });
        return;
      case "history": {
        const limit = Math.min(frame.limit, MAX_HISTORY_PAGE);
        const page = this.log.page(user, limit, frame.before);
        sendTo(
          ws,
          JSON.stringify({
            type: "history",
            messages: page.messages.map(parlorEntry),
            hasMore: page.hasMore,
          }),
        );
        return;
      }
      case "ping":
        sendTo(ws, '{"type":"pong"}');
        return;
    }
  }

  private onApiFrame(ws: WebSocket, conn: Connection, data: unknown): void {
    const frame = this.validate(ws, conn, ApiClientFrame, data);
    if (!frame) return;
    switch (frame.type) {
      case "join": {
        const first = this.identify(ws, conn, frame.userId);
        const event: ChatEvent = {
          kind: "join",
          user: frame.userId,
          count: this.presence.userCount,
          at: Date.now(),
        };
        // The joiner hears its own user_joined (the seed's only answer to `join`);
        // the others hear it when this user was not already here in another tab.
        sendTo(ws, apiDialect.render(event)!);
        if (first) this.announce(event, ws);
        return;
      }
      case "message": {
        const sender = conn.user ?? frame.userId ?? ANONYMOUS;
        this.publish(this.log.append({ kind: "message", sender, text: frame.text }));
        return;
      }
      case "ping":
        sendTo(ws, '{"type":"pong"}');
        return;
    }
  }

  private onRoomsFrame(ws: WebSocket, conn: Connection, data: unknown): void {
    const frame = this.validate(ws, conn, RoomsClientFrame, data);
    if (!frame) return;
    const user = conn.user ?? ANONYMOUS;
    switch (frame.type) {
      case "chat":
        this.publish(this.log.append({ kind: "message", sender: user, text: frame.message }));
        return;
      case "typing":
        this.emit({ kind: "typing", user, typing: true }, { except: ws });
        return;
      case "ping":
        sendTo(ws, '{"type":"pong"}');
        return;
      case "join":
        // The seed's browser client announces itself after opening; the query already did.
        return;
      case "broadcast":
        // Passed through as sent, except that nobody can speak as someone else.
        this.emit({
          kind: "broadcast",
          user,
          payload: "from" in frame ? { ...frame, from: user } : frame,
        });
        return;
      case "direct": {
        // Stored for both parties' history, so it is held to the size of a chat message.
        const extra = JSON.stringify(frame);
        if (extra.length > MAX_DIRECT_FRAME) {
          this.reject(
            ws,
            conn,
            "too_long",
            `a direct frame may be at most ${MAX_DIRECT_FRAME} characters`,
          );
          return;
        }
        const message = this.log.append({
          kind: "direct",
          sender: user,
          recipient: frame.targetUserId,
          text: typeof frame.message === "string" ? frame.message : "",
          extra,
        });
        this.publish(message);
        return;
      }
    }
  }

  // ---- sending -----------------------------------------------------------------------------

  /** A stored message to everyone it is for: the room, or a direct message's two parties. */
  private publish(message: StoredMessage): void {
    if (message.kind === "message") {
      this.emit({ kind: "message", message });
      return;
    }
    const event: ChatEvent = { kind: "direct", message };
    const parties = new Set([message.sender, message.recipient ?? ""]);
    for (const user of parties) {
      for (const ws of this.socketsOf(user)) {
        const conn = connectionOf(ws);
        // Seed 003 senders do not get their own direct frame back (the seed sends it only to
        // the target); Parlor senders see it in every tab as confirmation.
        if (
          !conn ||
          (conn.dialect === "room-per-path" &&
            user === message.sender &&
            user !== message.recipient)
        )
          continue;
        const frame = dialects[conn.dialect]?.render(event);
        if (frame) sendTo(ws, frame);
      }
    }
  }

  /** Renders an event once per dialect and sends it to that dialect's sockets. */
  private emit(event: ChatEvent, options: { except?: WebSocket } = {}): void {
    for (const dialect of Object.values(dialects)) {
      const frame = dialect.render(event);
      if (frame === null) continue;
      for (const ws of this.ctx.getWebSockets(Tag.dialect(dialect.name))) {
        if (ws !== options.except) sendTo(ws, frame);
      }
    }
  }

  /** Anonymous seed 003 sockets share a name, not a rate bucket. */
  protected override rateKey(conn: Connection): string {
    return conn.user === undefined || conn.user === ANONYMOUS ? conn.id : conn.user;
  }

  protected errorFrame(conn: Connection, code: string, message: string, clientId?: string): string {
    return (dialects[conn.dialect] ?? parlorDialect).error(code, message, clientId);
  }
}

function ack(clientId: string | null, message: StoredMessage, duplicate: boolean): string {
  return JSON.stringify({
    type: "ack",
    ...(clientId ? { clientId } : {}),
    seq: message.seq,
    timestamp: message.ts,
    ...(duplicate ? { duplicate: true } : {}),
  });
}
