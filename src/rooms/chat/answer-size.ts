// How big an answer is in the dialect that will carry it: the byte budget (issue 9, finding 8)
// counts the JSON actually sent to this viewer.
import { utf8Bytes } from "../engine/answer-budget.js";
import type { Connection } from "../engine/connection.js";
import type { StoredMessage } from "../engine/message-log.js";
import type { ChatState } from "./chat-state.js";
import type { Dialect } from "./dialect.js";
import { dialects } from "./dialects/index.js";
import type { ChatEvent } from "./events.js";
import { render } from "./render.js";

export interface AnswerSize {
  /** The answer's byte budget. */
  budget: number;
  /** Bytes of one history entry (a greeting dialect's entries are its message frames). */
  entry(message: StoredMessage): number;
  /** Bytes of a whole answer (measured with no entries: its envelope). */
  answer(event: ChatEvent): number;
}

/** Sizes as `conn` will receive them, in its dialect, seen as its user. */
export function answerSize(conn: Connection<ChatState>, budget: number): AnswerSize {
  const dialect: Dialect = dialects[conn.state.dialect];
  const viewer = conn.user;
  const bytes = (event: ChatEvent) => utf8Bytes(render(dialect, event, viewer) ?? "");
  return {
    budget,
    entry: (message) => bytes({ kind: message.kind, message }),
    answer: bytes,
  };
}
