// The chat room: one Durable Object per room name, shared by every dialect.
//
// `/ws?room=lobby` (Parlor), `/api/chat?room=lobby` (seed 002) and `/rooms/lobby` (seed 003)
// all land in the same object: one message log, one presence list. The room handles commands
// and emits events; each socket's dialect (./dialects/) decodes its frames and encodes events.
import {
  LIVE_PRESENCE_MAX,
  MAX_HISTORY_PAGE,
  MAX_RESUME,
  MAX_WELCOME_USERS,
  WELCOME_HISTORY,
} from "../../protocol/limits.js";
import type { EngineEnv } from "../engine/config.js";
import { type Connection, sendTo } from "../engine/connection.js";
import { MessageLog, type StoredMessage } from "../engine/message-log.js";
import type { FrameProblem } from "../engine/problems.js";
import { type Admission, Room } from "../engine/room.js";
import { ANONYMOUS } from "./anonymous.js";
import type { Dialect } from "./dialect.js";
import { type DialectName, dialectNamed, dialects } from "./dialects/index.js";
import type { ChatCommand, ChatEvent } from "./events.js";

export const DIALECT_HEADER = "X-Parlor-Dialect";
export const ROOM_HEADER = "X-Parlor-Room";

/** A chat socket's own state: the protocol it speaks and the room it is in. */
export interface ChatState {
  dialect: DialectName;
  room: string;
}
type ChatConnection = Connection<ChatState>;
type Resume = { since: number; epoch: string };

const dialectTag = (name: string) => `d:${name}`;

export class ChatRoom extends Room<EngineEnv, ChatState, Resume> {
  private readonly log: MessageLog;

  constructor(ctx: DurableObjectState, env: EngineEnv) {
    super(ctx, env);
    const persist = !this.config.benchDisabled.has("persistence");
    this.log = new MessageLog(ctx.storage.sql, this.config.retention, persist);
  }

  // ---- connecting -------------------------------------------------------------------------

  protected admit(request: Request): Admission<ChatState, Resume> | Response {
    const name = request.headers.get(DIALECT_HEADER) ?? "parlor";
    const dialect = dialectNamed(name);
    if (!dialect) return Response.json({ error: `unknown dialect ${name}` }, { status: 400 });
    const admitted = dialect.admit(new URL(request.url).searchParams);
    if ("refused" in admitted) return Response.json({ error: admitted.refused }, { status: 400 });
    return {
      user: admitted.user,
      state: {
        dialect: dialect.name as DialectName,
        room: request.headers.get(ROOM_HEADER) ?? "default",
      },
      tags: [dialectTag(dialect.name)],
      opening: admitted.resume,
    };
  }

  protected onOpen(ws: WebSocket, conn: ChatConnection, first: boolean, resume?: Resume): void {
    if (dialects[conn.state.dialect].greets) this.welcome(ws, conn, resume);
    if (first && conn.user !== undefined) this.announceJoin(conn.user, ws);
  }

  /** Who is here, and history (or exactly what a resuming client missed). */
  private welcome(ws: WebSocket, conn: ChatConnection, resume?: Resume): void {
    let status: "ok" | "reload" | undefined;
    let page: { messages: StoredMessage[]; hasMore: boolean } | undefined;
    if (resume) {
      const result = this.log.since(conn.user, resume.since, resume.epoch, MAX_RESUME);
      status = result.status;
      if (result.status === "ok") page = { messages: result.messages, hasMore: false };
    }
    page ??= this.log.page(conn.user, WELCOME_HISTORY);
    this.reply(ws, conn, {
      kind: "welcome",
      welcome: {
        connectionId: conn.id,
        room: conn.state.room,
        user: conn.user ?? ANONYMOUS,
        epoch: this.log.epoch,
        lastSeq: this.log.lastSeq,
        users: this.presence.users().slice(0, MAX_WELCOME_USERS),
        count: this.presence.userCount,
        history: page.messages,
        hasMore: page.hasMore,
        ...(status ? { resume: status } : {}),
      },
    });
  }

  private announceJoin(user: string, joiner: WebSocket): void {
    this.announce({ kind: "join", user, count: this.presence.userCount, at: Date.now() }, joiner);
  }

  protected onLeave(conn: ChatConnection, lastOfUser: boolean): void {
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
      this.emit(event, joiner);
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

  // ---- commands ----------------------------------------------------------------------------

  protected onFrame(ws: WebSocket, conn: ChatConnection, data: unknown): void {
    const decoded = dialects[conn.state.dialect].decode(data);
    if ("problem" in decoded) {
      this.reject(ws, conn, decoded.problem);
      return;
    }
    this.handle(ws, conn, decoded.command);
  }

  private handle(ws: WebSocket, conn: ChatConnection, command: ChatCommand): void {
    const user = conn.user ?? ANONYMOUS;
    switch (command.kind) {
      case "say":
        this.store(ws, conn, {
          kind: "message",
          sender: conn.user ?? command.claimedUser ?? ANONYMOUS,
          text: command.text,
          clientId: command.clientId,
        });
        return;
      case "direct":
        this.store(ws, conn, {
          kind: "direct",
          sender: user,
          recipient: command.to,
          text: command.text,
          clientId: command.clientId,
          extra: command.payload,
        });
        return;
      case "typing":
        this.emit({ kind: "typing", user, typing: command.typing }, ws);
        return;
      case "history": {
        const limit = Math.min(command.limit, MAX_HISTORY_PAGE);
        const page = this.log.page(conn.user, limit, command.before);
        this.reply(ws, conn, { kind: "history", ...page, clientId: command.clientId });
        return;
      }
      case "ping":
        this.reply(ws, conn, { kind: "pong" });
        return;
      case "identify": {
        const first = this.identify(ws, conn, command.user);
        const event: ChatEvent = {
          kind: "join",
          user: command.user,
          count: this.presence.userCount,
          at: Date.now(),
        };
        // The joiner hears its own join (seed 002's only answer to `join`); the others hear it
        // when this user was not already here in another tab.
        this.reply(ws, conn, event);
        if (first) this.announce(event, ws);
        return;
      }
      case "broadcast":
        this.emit({ kind: "broadcast", user, payload: command.payload });
        return;
      case "none":
        return;
    }
  }

  /**
   * Stores a message, acknowledges it and sends it to everyone it is for. A resent clientId
   * (after a reconnect) is acknowledged again and neither stored nor sent twice.
   */
  private store(
    ws: WebSocket,
    conn: ChatConnection,
    input: Parameters<MessageLog["append"]>[0],
  ): void {
    const earlier = input.clientId ? this.log.findByClientId(input.sender, input.clientId) : null;
    if (earlier) {
      this.reply(ws, conn, { kind: "ack", message: earlier, duplicate: true });
      return;
    }
    const message = this.log.append(input);
    this.reply(ws, conn, { kind: "ack", message, duplicate: false });
    if (message.kind === "message") {
      this.emit({ kind: "message", message });
      return;
    }
    // A direct message: only its two parties, on every socket of theirs.
    const event: ChatEvent = { kind: "direct", message };
    for (const party of new Set([message.sender, message.recipient ?? ""])) {
      const toSender = party === message.sender && party !== message.recipient;
      this.sendToUser(party, (c) => {
        const dialect = dialects[c.state.dialect];
        return toSender && !dialect.copiesDirectToSender ? null : render(dialect, event);
      });
    }
  }

  // ---- sending -----------------------------------------------------------------------------

  private reply(ws: WebSocket, conn: ChatConnection, event: ChatEvent): void {
    const frame = render(dialects[conn.state.dialect], event);
    if (frame) sendTo(ws, frame);
  }

  /** Encodes an event once per dialect and sends it to that dialect's sockets. */
  private emit(event: ChatEvent, except?: WebSocket): void {
    for (const dialect of Object.values(dialects) as Dialect[]) {
      const frame = render(dialect, event);
      if (frame !== null) this.broadcast(frame, { tag: dialectTag(dialect.name), except });
    }
  }

  /** Anonymous seed 003 sockets share a name, not a rate bucket. */
  protected override rateKey(conn: ChatConnection): string {
    return conn.user === undefined || conn.user === ANONYMOUS ? conn.id : conn.user;
  }

  protected errorFrame(conn: ChatConnection, problem: FrameProblem): string {
    const dialect: Dialect = dialectNamed(conn.state?.dialect) ?? dialects.parlor;
    return JSON.stringify(dialect.error(problem));
  }
}

function render(dialect: Dialect, event: ChatEvent): string | null {
  const frame = dialect.encode(event);
  return frame === null ? null : JSON.stringify(frame);
}
