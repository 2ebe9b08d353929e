// Showing a search result in context: the page of history around it instead of the live tail,
// older pages on the way up, and back to live. Removed messages drop out here too.
import { useState } from "react";
import type { HistoryEntry, SearchResult } from "../../../src/client/index.js";
import type { ChatStore } from "./chat-store.js";
import { mergeBySeq } from "./store-helpers.js";

export interface JumpView {
  /** The message jumped to (highlighted, scrolled into view). */
  target: number;
  entries: readonly HistoryEntry[];
  hasMore: boolean;
  loadingOlder: boolean;
}

export interface Jump {
  view: JumpView | undefined;
  error: string | undefined;
  /** Loads the messages around a result; resolves once they are shown (or failed). */
  open(result: SearchResult): Promise<boolean>;
  loadOlder(): Promise<void>;
  backToLive(): void;
  clearError(): void;
}

export function useJump(store: ChatStore, removed: ReadonlySet<number>): Jump {
  const [view, setView] = useState<JumpView>();
  const [error, setError] = useState<string>();

  const open = async (result: SearchResult) => {
    setError(undefined);
    try {
      const page = await store.around(result.seq);
      setView({
        target: result.seq,
        entries: page.messages,
        hasMore: page.hasMore,
        loadingOlder: false,
      });
      return true;
    } catch {
      setError("Could not load that message. Please try again.");
      return false;
    }
  };

  const loadOlder = async () => {
    const first = view?.entries[0]?.seq;
    if (!view || first === undefined || !view.hasMore || view.loadingOlder) return;
    setView({ ...view, loadingOlder: true });
    try {
      const page = await store.before(first);
      setView(
        (v) =>
          v && {
            ...v,
            entries: mergeBySeq(page.messages, v.entries),
            hasMore: page.hasMore,
            loadingOlder: false,
          },
      );
    } catch {
      setView((v) => v && { ...v, loadingOlder: false });
    }
  };

  const shown = view && {
    ...view,
    entries: view.entries.filter((entry) => !removed.has(entry.seq)),
  };
  return {
    view: shown,
    error,
    open,
    loadOlder,
    backToLive: () => setView(undefined),
    clearError: () => setError(undefined),
  };
}
