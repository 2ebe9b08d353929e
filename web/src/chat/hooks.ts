// React glue: one ChatStore per (url, room, name), and a few browser integrations.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { type ChatOptions, type ChatSnapshot, ChatStore } from "./chat-store.js";

/**
 * The store lives as long as the component and its options; closed on unmount. A new
 * `generation` makes a new store (a rejoin); `enabled` false makes none (a remembered ban).
 */
export function useChatStore(
  { url, room, name, token, ticket }: ChatOptions,
  generation = 0,
  enabled = true,
): ChatStore | undefined {
  const [store, setStore] = useState<ChatStore>();
  // The latest token function, without a new store each time the caller passes a new one.
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const secure = token !== undefined;
  const ticketRef = useRef(ticket);
  ticketRef.current = ticket;
  const guarded = ticket !== undefined;
  useEffect(() => {
    if (!enabled) {
      setStore(undefined);
      return;
    }
    const created = new ChatStore({
      url,
      room,
      name,
      token: secure ? () => tokenRef.current?.() ?? "" : undefined,
      ticket: guarded ? () => ticketRef.current?.() ?? "" : undefined,
    });
    setStore(created);
    return () => created.close();
  }, [url, room, name, secure, guarded, generation, enabled]);
  return store;
}

export function useSnapshot(store: ChatStore): ChatSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** Re-renders every `ms` while `active` (for countdowns). */
export function useTicker(active: boolean, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return now;
}

export function useDocumentHidden(): boolean {
  const [hidden, setHidden] = useState(() => document.hidden);
  useEffect(() => {
    const onChange = () => setHidden(document.hidden);
    document.addEventListener("visibilitychange", onChange);
    return () => document.removeEventListener("visibilitychange", onChange);
  }, []);
  return hidden;
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

/** Shows "(N) title" while the tab is hidden and N messages from others arrived meanwhile. */
export function useTabTitle(title: string | false, unreadWhileHidden: number): void {
  useEffect(() => {
    if (title === false) return;
    document.title = unreadWhileHidden > 0 ? `(${unreadWhileHidden}) ${title}` : title;
  }, [title, unreadWhileHidden]);
}
