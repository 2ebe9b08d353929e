// A `history` request's answer: a page below `before`, or around a message (a search result),
// cut to the answer's byte budget; a cut page says so (`truncated`) and the client pages on.
import { MAX_HISTORY_PAGE } from "../../protocol/limits.js";
import { newestPage, trimAround } from "../engine/answer-budget.js";
import type { Connection } from "../engine/connection.js";
import type { MessageLog } from "../engine/message-log.js";
import { answerSize } from "./answer-size.js";
import type { ChatState } from "./chat-state.js";
import type { ChatCommand, ChatEvent } from "./events.js";

type HistoryCommand = Extract<ChatCommand, { kind: "history" }>;
type HistoryEvent = Extract<ChatEvent, { kind: "history" }>;

export function historyPage(
  log: MessageLog,
  conn: Connection<ChatState>,
  command: HistoryCommand,
  budget: number,
): HistoryEvent {
  const size = answerSize(conn, budget);
  const viewer = conn.user;
  const limit = Math.min(command.limit, MAX_HISTORY_PAGE);
  const clientId = command.clientId;
  const around = command.around;
  const envelope = size.answer({
    kind: "history",
    messages: [],
    hasMore: true,
    truncated: true,
    ...(around !== undefined ? { hasNewer: true } : {}),
    clientId,
  });
  const bytes = size.budget - envelope;
  if (around === undefined) {
    const page = newestPage(log.newestFirst(viewer, 0, command.before), limit, size.entry, bytes);
    return {
      kind: "history",
      messages: page.messages,
      hasMore: page.hasMore,
      ...(page.truncated ? { truncated: true } : {}),
      clientId,
    };
  }
  const page = log.around(viewer, around, limit);
  const fitted = trimAround(page.messages, (m) => m.seq >= around, size.entry, bytes);
  return {
    kind: "history",
    messages: fitted.messages,
    hasMore: page.hasMore || fitted.cutOlder,
    hasNewer: page.hasNewer || fitted.cutNewer,
    ...(fitted.cutOlder || fitted.cutNewer ? { truncated: true } : {}),
    clientId,
  };
}
