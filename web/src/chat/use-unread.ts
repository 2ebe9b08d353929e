// Unread counts per conversation, and the tab title's count while the tab is hidden.
import { useEffect, useMemo, useRef, useState } from "react";
import type { ChatSnapshot } from "./chat-store.js";
import { conversationOf, keyOf, senderOf } from "./conversations.js";

export interface Unread {
  /** Unread messages per conversation key (the one on screen counts as read). */
  counts: ReadonlyMap<string, number>;
  /** Messages from others since the tab was hidden. */
  unseenWhileHidden: number;
}

export function useUnread(snap: ChatSnapshot, activeKey: string, hidden: boolean): Unread {
  const { me, entries } = snap;
  // Read marks: what arrived before the page opened, or while a conversation was on screen, is read.
  const [readUpTo, setReadUpTo] = useState<ReadonlyMap<string, number>>(new Map());
  const base = useRef<number | undefined>(undefined);
  const lastSeq = entries[entries.length - 1]?.seq ?? 0;
  if (base.current === undefined && snap.connection.state === "open") base.current = lastSeq;
  useEffect(() => {
    if (hidden || (readUpTo.get(activeKey) ?? 0) >= lastSeq) return;
    setReadUpTo((marks) => new Map(marks).set(activeKey, lastSeq));
  }, [hidden, activeKey, lastSeq, readUpTo]);

  const counts = useMemo(() => {
    const found = new Map<string, number>();
    for (const entry of entries) {
      if (senderOf(entry) === me) continue;
      const key = keyOf(conversationOf(entry, me));
      if (entry.seq > Math.max(base.current ?? lastSeq, readUpTo.get(key) ?? 0)) {
        found.set(key, (found.get(key) ?? 0) + 1);
      }
    }
    // What is on screen is being read (unless the tab is hidden).
    if (!hidden) found.delete(activeKey);
    return found;
  }, [entries, me, readUpTo, activeKey, hidden, lastSeq]);

  const hiddenAt = useRef(0);
  if (!hidden) hiddenAt.current = lastSeq;
  const unseenWhileHidden = hidden
    ? entries.filter((e) => e.seq > hiddenAt.current && senderOf(e) !== me).length
    : 0;
  return { counts, unseenWhileHidden };
}
