// Small pure pieces of the chat store: the connection as the view sees it, merging pages of the
// log, and what a refused send says.
import type { HistoryEntry, ParlorClientError, StateChange } from "../../../src/client/index.js";

export type Connection =
  | { state: "connecting" }
  | { state: "open" }
  /** `retryAt`: when the next attempt starts (ms since the epoch); absent while it runs. */
  | { state: "reconnecting"; retryAt?: number }
  | { state: "closed"; reason?: string };

/** Why this person is no longer in the room, when the room's owner ended it. */
export type Ended = "kicked" | "banned" | "deleted";

/** The close codes of docs/rooms.md: kicked, banned, room deleted. */
const ENDED_BY_CODE: Record<number, Ended> = { 4001: "kicked", 4003: "banned", 4004: "deleted" };

export function endedBy(code: number | undefined): Ended | undefined {
  return code === undefined ? undefined : ENDED_BY_CODE[code];
}

export function toConnection(change: StateChange): Connection {
  switch (change.state) {
    case "open":
      return { state: "open" };
    case "connecting":
      return { state: "connecting" };
    case "reconnecting":
      return change.delayMs === undefined
        ? { state: "reconnecting" }
        : { state: "reconnecting", retryAt: Date.now() + change.delayMs };
    case "closed":
      return change.reason === undefined
        ? { state: "closed" }
        : { state: "closed", reason: change.reason };
  }
}

export function mergeBySeq(a: readonly HistoryEntry[], b: readonly HistoryEntry[]): HistoryEntry[] {
  const bySeq = new Map<number, HistoryEntry>();
  for (const entry of a) bySeq.set(entry.seq, entry);
  for (const entry of b) bySeq.set(entry.seq, entry);
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq);
}

export function describeError(error: ParlorClientError): string {
  switch (error.code) {
    case "too_long":
      return "Too long to send (4,000 characters at most)";
    case "closed":
      return "Not sent: the connection was closed";
    case "queue_full":
      return "Not sent: too many messages waiting";
    default:
      return error.message || "Not sent";
  }
}
