// The directory, live: `GET /api/rooms` again every few seconds while the tab is visible, and at
// once when it becomes visible again (a poll is one small read of one Durable Object).
import { useCallback, useEffect, useState } from "react";
import type { DirectoryEntry } from "../../../src/protocol/rooms-rest.js";
import { useDocumentHidden } from "../chat/hooks.js";
import { describeFailure, type RoomsApi } from "./rooms-api.js";

export const DIRECTORY_PAGE = 12;
const POLL_MS = 4000;

export interface DirectoryView {
  rooms: readonly DirectoryEntry[] | undefined;
  /** Offset of the next page, or null on the last one. */
  next: number | null;
  error: string | undefined;
  /** When the list was last read (for "active 2 min ago"). */
  readAt: number;
  refresh(): void;
}

export function useDirectory(api: RoomsApi, offset: number): DirectoryView {
  const hidden = useDocumentHidden();
  const [view, setView] = useState<Omit<DirectoryView, "refresh">>({
    rooms: undefined,
    next: null,
    error: undefined,
    readAt: Date.now(),
  });
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (hidden) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const page = await api.list({ limit: DIRECTORY_PAGE, offset });
        if (!live) return;
        setView({ rooms: page.rooms, next: page.next, error: undefined, readAt: Date.now() });
      } catch (error) {
        if (!live) return;
        const error_ = describeFailure(error, "Could not load the rooms");
        setView((v) => ({ ...v, error: error_, readAt: Date.now() }));
      }
      if (live) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, offset, hidden, tick]);

  return { ...view, refresh };
}
