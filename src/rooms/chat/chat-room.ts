// The chat room: one Durable Object per room name, shared by every dialect.
// `/ws?room=lobby` (Parlor), `/api/chat?room=lobby` (seed 002) and `/rooms/lobby` (seed 003)
// all land in the same object: one message log, one presence list. The room handles commands
// and emits events; each socket's dialect (./dialects/) decodes its frames and encodes events.
import { DirectoryReporter } from "../directory/reporter.js";
import { type Connection, sendTo } from "../engine/connection.js";
import { type AppendInput, MessageLog, type StoredMessage } from "../engine/message-log.js";
import type { FrameProblem } from "../engine/problems.js";
import { type Admission, Room } from "../engine/room.js";
import { readIdentity } from "../identity.js";
import { chatAddress } from "./address.js";
import { type AdminRequest, type AdminResult, runAdmin } from "./admin.js";
import { ANONYMOUS } from "./anonymous.js";
import type { ChatEnv, ChatState, Resume } from "./chat-state.js";
import { nameHolderProblem } from "./claims.js";
import { ContentFilter } from "./content-filter.js";
import type { Dialect } from "./dialect.js";
import { dialectNamed, dialects } from "./dialects/index.js";
import type { ChatCommand, ChatEvent } from "./events.js";
import { screen } from "./filtered-command.js";
import { historyPage } from "./history-page.js";
import { joinRefusal } from "./join-refusal.js";
import { PresenceAnnouncer } from "./presence-announcer.js";
import { dialectTag, emitMessage, emitPresence, render } from "./render.js";
import { RoomSettings } from "./room-settings.js";
import { SearchIndex } from "./search-index.js";
import { buildWelcome } from "./welcome.js";

type ChatConnection = Connection<ChatState>;

export class ChatRoom extends Room<ChatEnv, ChatState, Resume> {
  private readonly log: MessageLog;
  private readonly settings: RoomSettings;
  private readonly search: SearchIndex;
  private readonly directory: DirectoryReporter;
  private readonly filter: ContentFilter | null;
  // Benchmark-only (BENCH_DISABLE=presence): what live announcements cost a connect.
  private readonly announcer = this.config.benchDisabled.has("presence")
    ? PresenceAnnouncer.silent(this.presence)
    : new PresenceAnnouncer(
        this.presence,
        (events, seen) => emitPresence(this.sockets, events, seen),
        (event) => this.emit(event),
        (at) => this.wakeSoon(at),
      );
  /** This room's name, once known (the Worker names it on every request). */
  private name: string | undefined;

  constructor(ctx: DurableObjectState, env: ChatEnv) {
    super(ctx, env);
    const persist = !this.config.benchDisabled.has("persistence");
    this.log = new MessageLog(ctx.storage.sql, this.config.retention, persist);
    this.settings = new RoomSettings(ctx.storage.sql);
    this.search = new SearchIndex(ctx.storage.sql, this.config.answerBytes);
    this.filter = ContentFilter.fromEnv(env);
    this.directory = new DirectoryReporter(
      env.DIRECTORY,
      () =>
        this.settings.directoryReport(
          this.name,
          this.presence.userCount,
          this.presenceChangedAt,
          this.log.lastActivity,
        ),
      (at) => this.wakeSoon(at),
      (work) => ctx.waitUntil(work),
    );
  }

  // ---- connecting -------------------------------------------------------------------------

  protected async admit(request: Request): Promise<Admission<ChatState, Resume> | Response> {
    const url = new URL(request.url);
    const address = chatAddress(request, url);
    if (!address) return Response.json({ error: "not a chat room's address" }, { status: 400 });
    const dialect = dialects[address.dialect];
    const query = url.searchParams;
    // Secure mode: the Worker verified a token (identity.ts); its name is who this socket is,
    // whatever the client claimed (`name`, `userId`), in every dialect.
    const identity = readIdentity(request);
    if (identity) for (const key of ["name", "userId"]) query.set(key, identity.name);
    const admitted = dialect.admit(query);
    if ("refused" in admitted) return Response.json({ error: admitted.refused }, { status: 400 });
    this.name ??= address.room;
    const refused = await this.settings.refusal(admitted.user, query.get("ticket"));
    if (refused) return Response.json({ error: refused.error }, { status: refused.status });
    // Checked last, with no wait before the socket is accepted: two subjects cannot both pass.
    const held = identity && nameHolderProblem(this.sockets.ofUser(identity.name), identity);
    if (held) return Response.json({ error: held }, { status: 409 });
    const user = identity?.name ?? admitted.user;
    return {
      user,
      ...(identity ? { subject: identity.sub } : {}),
      ...(user === ANONYMOUS ? { sharedUser: true as const } : {}),
      state: {
        dialect: address.dialect,
        room: address.room,
        ...(identity ? { verified: true } : {}),
      },
      tags: [dialectTag(dialect.name)],
      opening: admitted.resume,
    };
  }

  protected onOpen(ws: WebSocket, conn: ChatConnection, first: boolean, resume?: Resume): void {
    if (dialects[conn.state.dialect].greets) {
      this.reply(ws, conn, {
        kind: "welcome",
        welcome: buildWelcome(this.log, this.presence, conn, this.config.answerBytes, resume),
      });
    }
    // Greeted with the room as it is now: earlier joins still pending are not news to it.
    this.announcer.arrived(ws);
    if (first && conn.user !== undefined) {
      const { userCount: count } = this.presence;
      this.announcer.announce({ kind: "join", user: conn.user, count, at: Date.now() }, ws);
    }
    if (first) this.presenceChanged();
  }

  protected onLeave(conn: ChatConnection, lastOfUser: boolean): void {
    if (!lastOfUser || conn.user === undefined) return;
    this.presenceChanged();
    const count = this.presence.userCount;
    this.announcer.announce({ kind: "leave", user: conn.user, count, at: Date.now() });
  }

  protected override onSoon(now: number): number | null {
    const summary = this.announcer.summarize(now);
    const report = this.directory.onWake(now);
    return summary === null || report === null ? (summary ?? report) : Math.min(summary, report);
  }

  // ---- commands ----------------------------------------------------------------------------

  protected onFrame(ws: WebSocket, conn: ChatConnection, data: unknown): void {
    const decoded = dialects[conn.state.dialect].decode(data);
    const screened = "problem" in decoded ? decoded : screen(conn, this.filter, decoded.command);
    if ("problem" in screened) {
      this.reject(ws, conn, screened.problem);
      return;
    }
    this.handle(ws, conn, screened.command);
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
      case "history":
        this.reply(ws, conn, historyPage(this.log, conn, command, this.config.answerBytes));
        return;
      case "search": {
        const { query, limit, offset, clientId } = command;
        const page = this.search.search(conn.user, query, limit, offset);
        this.reply(ws, conn, { kind: "search", query, ...page, clientId });
        return;
      }
      case "ping":
        if (command.seq !== undefined) this.backlog.receipt(ws, command.seq);
        this.reply(ws, conn, { kind: "pong" });
        return;
      case "identify": {
        const { settings, presence, config } = this;
        const refused = joinRefusal(settings, presence, config, conn.user, command.user);
        if (refused) {
          this.reject(ws, conn, refused.problem);
          this.drop(ws, refused.close.code, refused.close.reason);
          return;
        }
        const first = this.identify(ws, conn, command.user);
        const count = this.presence.userCount;
        const event: ChatEvent = { kind: "join", user: command.user, count, at: Date.now() };
        // The joiner hears its own join (seed 002's only answer to `join`); the others hear it
        // when this user was not already here in another tab.
        this.reply(ws, conn, event);
        if (first) this.announcer.announce(event, ws);
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
   * (after a reconnect) is acknowledged again and neither stored nor sent twice. Ids are its
   * author's own: the token's subject in secure mode (nobody else's id makes it a duplicate).
   */
  private store(ws: WebSocket, conn: ChatConnection, input: AppendInput): void {
    const author = conn.subject ?? input.sender;
    const earlier = input.clientId ? this.log.findByClientId(author, input.clientId) : null;
    if (earlier) {
      this.reply(ws, conn, { kind: "ack", message: earlier, duplicate: true });
      return;
    }
    this.search.ensure();
    const message = this.log.append({ ...input, author });
    this.search.appended(message.seq);
    this.directory.changed();
    this.reply(ws, conn, { kind: "ack", message, duplicate: false });
    if (message.kind === "message") {
      this.announcer.flush(); // a newcomer's join before its first message
      emitMessage(this.sockets, message);
      return;
    }
    this.sendToParties(message, { kind: "direct", message });
  }

  /** A direct message's event: only its two parties, on every socket of theirs. */
  private sendToParties(message: StoredMessage, event: ChatEvent): void {
    this.announcer.flush();
    for (const party of new Set([message.sender, message.recipient ?? ""])) {
      const toSender = party === message.sender && party !== message.recipient;
      this.sendToUser(party, (c) => {
        const dialect = dialects[c.state.dialect];
        return toSender && !dialect.copiesDirectToSender ? null : render(dialect, event, party);
      });
    }
  }

  // ---- the rooms REST API (./admin.ts), called by the Worker over RPC -----------------------

  async admin(request: AdminRequest): Promise<AdminResult> {
    this.name ??= request.room;
    // In line with the frames that arrived before it (a removal after the message it removes).
    return this.lane.call(() =>
      runAdmin(
        {
          settings: this.settings,
          log: this.log,
          search: this.search,
          inUse: () => this.log.lastSeq > 0 || this.presence.connectionCount > 0,
          emit: (event) => this.emit(event),
          emitDirectDeleted: (event) => this.sendToParties(event.message, event),
          close: (user, code, reason) => {
            const sockets = user === null ? this.ctx.getWebSockets() : this.sockets.ofUser(user);
            for (const ws of sockets) this.drop(ws, code, reason);
          },
          directoryChanged: (now) => this.directory.changed(now),
        },
        request,
      ),
    );
  }

  /** When someone last arrived or left (a cache: after a restart, messages tell activity). */
  private presenceChangedAt = 0;

  private presenceChanged(): void {
    this.presenceChangedAt = Date.now();
    // The last one out reports at once, so an empty room keeps no timer and can hibernate.
    this.directory.changed(this.presence.userCount === 0);
  }

  // ---- sending -----------------------------------------------------------------------------

  private reply(ws: WebSocket, conn: ChatConnection, event: ChatEvent): void {
    const frame = render(dialects[conn.state.dialect], event, conn.user);
    if (frame) sendTo(ws, frame);
  }

  /** Encodes an event once per dialect and sends it to that dialect's sockets. */
  private emit(event: ChatEvent, except?: WebSocket): void {
    this.announcer.flush();
    for (const dialect of Object.values(dialects) as Dialect[]) {
      const frame = render(dialect, event);
      if (frame !== null) this.broadcast(frame, { tag: dialectTag(dialect.name), except });
    }
  }

  protected errorFrame(conn: ChatConnection, problem: FrameProblem): string {
    const dialect: Dialect = dialectNamed(conn.state?.dialect) ?? dialects.parlor;
    return JSON.stringify(dialect.error(problem));
  }
}
