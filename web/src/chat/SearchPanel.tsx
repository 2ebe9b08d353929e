// Search the room: a query box, results best first with highlighted snippets, "More results"
// for the next page; picking one shows the message in context (Chat.tsx).
import { useEffect, useRef, useState } from "react";
import type { SearchResult, ServerSearch } from "../../../src/client/index.js";
import { formatDay, formatFull, formatTime, startOfDay } from "./format.js";
import { Icon } from "./Icon.js";
import { Snippet } from "./Snippet.js";

export interface SearchPanelProps {
  me: string;
  search(query: string, offset: number): Promise<ServerSearch>;
  onPick(result: SearchResult): void;
  onClose(): void;
}

interface Found {
  query: string;
  results: SearchResult[];
  next: number | null;
}

export function SearchPanel({ me, search, onPick, onClose }: SearchPanelProps) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Found>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const load = async (q: string, offset: number) => {
    setBusy(true);
    setError(undefined);
    try {
      const page = await search(q, offset);
      setFound((before) => ({
        query: q,
        results: offset > 0 && before ? [...before.results, ...page.results] : page.results,
        next: page.next,
      }));
    } catch {
      setError("Search needs a connection. Please try again in a moment.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="search-panel" aria-label="Search messages">
      <search>
        <form
          className="search-form"
          onSubmit={(event) => {
            event.preventDefault();
            const q = query.trim();
            if (q) void load(q, 0);
          }}
          onKeyDown={(event) => {
            if (event.key === "Escape") onClose();
          }}
        >
          <Icon name="search" size={17} />
          <input
            ref={input}
            type="search"
            aria-label="Search messages"
            placeholder="Search messages"
            value={query}
            maxLength={200}
            onChange={(event) => setQuery(event.target.value)}
          />
          <button type="button" className="mini-button" aria-label="Close search" onClick={onClose}>
            <Icon name="close" size={17} />
          </button>
        </form>
      </search>
      <div className="search-results" aria-live="polite" aria-busy={busy}>
        {error ? <p className="search-note error">{error}</p> : null}
        {!found && !error ? (
          <p className="search-note">Find words in this room and in your direct messages.</p>
        ) : null}
        {found && found.results.length === 0 ? (
          <p className="search-note">No messages match “{found.query}”.</p>
        ) : null}
        {found && found.results.length > 0 ? (
          <ol className="result-list" aria-label={`Results for ${found.query}`}>
            {found.results.map((result) => (
              <li key={result.seq}>
                <button type="button" className="result" onClick={() => onPick(result)}>
                  <span className="result-meta">
                    <span className="result-name">{result.name === me ? "You" : result.name}</span>
                    {result.to ? (
                      <span className="result-dm">
                        <Icon name="lock" size={11} /> to {result.to === me ? "you" : result.to}
                      </span>
                    ) : null}
                    <time title={formatFull(result.timestamp)}>{when(result.timestamp)}</time>
                  </span>
                  <span className="result-snippet">
                    <Snippet text={result.snippet} />
                  </span>
                </button>
              </li>
            ))}
          </ol>
        ) : null}
        {found?.next != null ? (
          <button
            type="button"
            className="secondary more-results"
            disabled={busy}
            onClick={() => void load(found.query, found.next ?? 0)}
          >
            {busy ? "Loading…" : "More results"}
          </button>
        ) : null}
        {busy && !found ? <p className="search-note">Searching…</p> : null}
      </div>
    </aside>
  );
}

/** "3:07 PM" today, "Yesterday 3:07 PM" or "Monday, March 3 3:07 PM" before. */
function when(ms: number): string {
  const time = formatTime(ms);
  return startOfDay(ms) === startOfDay(Date.now()) ? time : `${formatDay(ms)} ${time}`;
}
