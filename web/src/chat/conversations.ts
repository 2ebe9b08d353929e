// Which conversation an entry belongs to: the room, or the direct thread with one other person.
import type { HistoryEntry } from "../../../src/client/index.js";
import type { PendingMessage } from "./chat-store.js";

export type Conversation = { kind: "room" } | { kind: "direct"; peer: string };

export const ROOM: Conversation = { kind: "room" };

/** "room" or "@name": a key for maps and React. */
export const keyOf = (c: Conversation): string => (c.kind === "room" ? "room" : `@${c.peer}`);

export function senderOf(entry: HistoryEntry): string {
  return entry.type === "message" ? entry.name : entry.from;
}

export function conversationOf(entry: HistoryEntry, me: string): Conversation {
  if (entry.type === "message") return ROOM;
  return { kind: "direct", peer: entry.from === me ? entry.to : entry.from };
}

export function inConversation(entry: HistoryEntry, c: Conversation, me: string): boolean {
  const of = conversationOf(entry, me);
  return of.kind === c.kind && (of.kind === "room" || (c.kind === "direct" && of.peer === c.peer));
}

export function pendingIn(item: PendingMessage, c: Conversation): boolean {
  return c.kind === "room" ? item.to === undefined : item.to === c.peer;
}

/** The people this user has a direct thread with, most recent first. */
export function directPeers(entries: readonly HistoryEntry[], me: string): string[] {
  const last = new Map<string, number>();
  for (const entry of entries) {
    const c = conversationOf(entry, me);
    if (c.kind === "direct") last.set(c.peer, entry.seq);
  }
  return [...last.entries()].sort((a, b) => b[1] - a[1]).map(([peer]) => peer);
}
