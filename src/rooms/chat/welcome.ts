// The welcome a greeting dialect sends a new socket: who is here, and history (or exactly what
// a resuming client missed).
import { MAX_RESUME, MAX_WELCOME_USERS, WELCOME_HISTORY } from "../../protocol/limits.js";
import type { Connection } from "../engine/connection.js";
import type { MessageLog, StoredMessage } from "../engine/message-log.js";
import type { Presence } from "../engine/presence.js";
import { ANONYMOUS } from "./anonymous.js";
import type { Welcome } from "./events.js";

export function buildWelcome(
  log: MessageLog,
  presence: Presence,
  conn: Connection<{ room: string }>,
  resume?: { since: number; epoch: string },
): Welcome {
  let status: "ok" | "reload" | undefined;
  let page: { messages: StoredMessage[]; hasMore: boolean } | undefined;
  if (resume) {
    const result = log.since(conn.user, resume.since, resume.epoch, MAX_RESUME);
    status = result.status;
    if (result.status === "ok") page = { messages: result.messages, hasMore: false };
  }
  page ??= log.page(conn.user, WELCOME_HISTORY);
  return {
    connectionId: conn.id,
    room: conn.state.room,
    user: conn.user ?? ANONYMOUS,
    epoch: log.epoch,
    lastSeq: log.lastSeq,
    users: presence.users().slice(0, MAX_WELCOME_USERS),
    count: presence.userCount,
    history: page.messages,
    hasMore: page.hasMore,
    ...(status ? { resume: status } : {}),
  };
}
