// The welcome a greeting dialect sends a new socket: who is here, and history (or exactly what
// a resuming client missed), cut to the answer's byte budget.
import { MAX_RESUME, MAX_WELCOME_USERS, WELCOME_HISTORY } from "../../protocol/limits.js";
import { newestPage } from "../engine/answer-budget.js";
import type { Connection } from "../engine/connection.js";
import type { MessageLog } from "../engine/message-log.js";
import type { Presence } from "../engine/presence.js";
import { ANONYMOUS } from "./anonymous.js";
import { answerSize } from "./answer-size.js";
import type { ChatState } from "./chat-state.js";
import type { Welcome } from "./events.js";

export function buildWelcome(
  log: MessageLog,
  presence: Presence,
  conn: Connection<ChatState>,
  budget: number,
  resume?: { since: number; epoch: string },
): Welcome {
  const size = answerSize(conn, budget);
  let status: "ok" | "reload" | undefined;
  // Without a resume (or a refused one): the newest messages. A resume: all it missed, newest
  // first up to the budget; the client pages the older rest back to `since`.
  let after = 0;
  let limit = WELCOME_HISTORY;
  if (resume) {
    status = log.since(conn.user, resume.since, resume.epoch, MAX_RESUME).status;
    if (status === "ok") {
      after = resume.since;
      limit = MAX_RESUME;
    }
  }
  const welcome: Welcome = {
    connectionId: conn.id,
    room: conn.state.room,
    user: conn.user ?? ANONYMOUS,
    epoch: log.epoch,
    lastSeq: log.lastSeq,
    users: presence.users(MAX_WELCOME_USERS),
    count: presence.userCount,
    history: [],
    hasMore: true,
    truncated: true,
    ...(status ? { resume: status } : {}),
  };
  // The envelope is measured (rendered) only when history needs the budget: not on a connect to
  // an empty room or a resume that missed nothing, the common reconnect.
  const page = newestPage(
    log.newestFirst(conn.user, after),
    limit,
    size.entry,
    () => size.budget - size.answer({ kind: "welcome", welcome }),
  );
  welcome.history = page.messages;
  welcome.hasMore = page.hasMore;
  if (!page.truncated) delete welcome.truncated;
  return welcome;
}
