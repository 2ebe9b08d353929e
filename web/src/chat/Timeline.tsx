// One conversation's messages: day separators, grouped bubbles, join/leave notices, this tab's
// pending messages; sticks to the bottom unless the reader scrolled up, loads older pages on
// the way up.
import { useLayoutEffect, useRef, useState } from "react";
import type { HistoryEntry } from "../../../src/client/index.js";
import { Avatar } from "./Avatar.js";
import type { Notice, PendingMessage } from "./chat-store.js";
import { senderOf } from "./conversations.js";
import { formatDay, formatFull, formatTime, startOfDay } from "./format.js";
import { Icon } from "./Icon.js";
import { MessageText } from "./MessageText.js";

type Row =
  | { kind: "day"; key: string; at: number }
  | { kind: "notice"; key: string; notice: Notice }
  | { kind: "entry"; key: string; entry: HistoryEntry; first: boolean; mine: boolean }
  | { kind: "pending"; key: string; item: PendingMessage };

const GROUP_MS = 5 * 60_000;
const NEAR_BOTTOM_PX = 48;
const NEAR_TOP_PX = 160;

export interface TimelineProps {
  me: string;
  label: string;
  entries: readonly HistoryEntry[];
  notices: readonly Notice[];
  pending: readonly PendingMessage[];
  hasMore: boolean;
  loadingOlder: boolean;
  /** Not connected: pending messages wait rather than send. */
  offline: boolean;
  empty: React.ReactNode;
  onLoadOlder(): void;
  onRetry(clientId: string): void;
  onDiscard(clientId: string): void;
  /** A message shown in context (a search result): scrolled into view and highlighted. */
  focusSeq?: number;
  /** The room's owner: a "Remove" action on each stored message. */
  onRemove?: (entry: HistoryEntry) => void;
}

export function Timeline(props: TimelineProps) {
  const { hasMore, loadingOlder, onLoadOlder } = props;
  const rows = buildRows(props);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const seen = useRef({ first: "", last: "", height: 0, count: 0 });
  const focused = useRef<number | undefined>(undefined);
  const [unseen, setUnseen] = useState(0);

  // The oldest message, not the first row: a day separator on top stays the same across pages.
  const first = String(props.entries[0]?.seq ?? "");
  const last = rows[rows.length - 1]?.key ?? "";
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const before = seen.current;
    const target =
      props.focusSeq !== undefined && focused.current !== props.focusSeq
        ? el.querySelector(`[data-seq="${props.focusSeq}"]`)
        : null;
    if (target) {
      focused.current = props.focusSeq;
      atBottom.current = false;
      target.scrollIntoView({ block: "center" });
    } else if (before.last === last && before.first !== first && before.height > 0) {
      // Older messages went in above: keep what the reader looks at where it was.
      el.scrollTop += el.scrollHeight - before.height;
    } else if (before.last !== last) {
      const lastRow = rows[rows.length - 1];
      const mineOrPending =
        lastRow?.kind === "pending" || (lastRow?.kind === "entry" && lastRow.mine);
      if (atBottom.current || mineOrPending || before.height === 0) {
        el.scrollTop = el.scrollHeight;
      } else {
        const added = rows.length - before.count;
        if (added > 0) setUnseen((n) => n + added);
      }
    }
    seen.current = { first, last, height: el.scrollHeight, count: rows.length };
    // A short conversation does not scroll: fetch older pages until it does.
    if (el.scrollHeight <= el.clientHeight && hasMore && !loadingOlder) onLoadOlder();
  });

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (atBottom.current) setUnseen(0);
    if (el.scrollTop < NEAR_TOP_PX && hasMore && !loadingOlder) onLoadOlder();
  };

  const toBottom = () => {
    const el = scroller.current;
    el?.scrollTo({ top: el.scrollHeight, behavior: "smooth" });
    setUnseen(0);
  };

  return (
    <div className="timeline-wrap">
      <div
        className="timeline"
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-label={props.label}
        aria-live="polite"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users scroll the log with arrow keys
        tabIndex={0}
      >
        {hasMore ? (
          <div className="timeline-more" aria-live="off">
            {loadingOlder ? "Loading older messages…" : "Scroll up for older messages"}
          </div>
        ) : rows.length > 0 ? (
          <div className="timeline-start">This is the start of the conversation.</div>
        ) : null}
        {rows.length === 0 && !hasMore ? props.empty : null}
        {rows.map((row) => (
          <RowView
            key={row.key}
            row={row}
            offline={props.offline}
            onRetry={props.onRetry}
            onDiscard={props.onDiscard}
            focusSeq={props.focusSeq}
            onRemove={props.onRemove}
          />
        ))}
      </div>
      {unseen > 0 ? (
        <button type="button" className="new-pill" onClick={toBottom}>
          {unseen === 1 ? "1 new message" : `${unseen} new messages`} ↓
        </button>
      ) : null}
    </div>
  );
}

function RowView({
  row,
  offline,
  onRetry,
  onDiscard,
  focusSeq,
  onRemove,
}: {
  row: Row;
  offline: boolean;
  onRetry(id: string): void;
  onDiscard(id: string): void;
  focusSeq?: number;
  onRemove?: (entry: HistoryEntry) => void;
}) {
  switch (row.kind) {
    case "day":
      return (
        <div className="day">
          <span>{formatDay(row.at)}</span>
        </div>
      );
    case "notice":
      return (
        <div className="notice">
          <span className={`notice-dot ${row.notice.kind}`} aria-hidden="true" />
          <strong>{row.notice.name}</strong>
          {row.notice.kind === "join" ? " joined" : " left"}
          <time dateTime={new Date(row.notice.at).toISOString()}>{formatTime(row.notice.at)}</time>
        </div>
      );
    case "entry": {
      const { entry, first, mine } = row;
      const sender = senderOf(entry);
      return (
        <article
          className={`msg ${mine ? "mine" : "theirs"} ${first ? "first" : "cont"}${entry.seq === focusSeq ? " flash" : ""}`}
          data-seq={entry.seq}
          aria-label={`${mine ? "You" : sender} at ${formatTime(entry.timestamp)}`}
        >
          {!mine && first ? <Avatar name={sender} size={34} /> : <span className="avatar-gap" />}
          <div className="msg-body">
            {first ? (
              <header className="msg-meta">
                <span className="msg-name">{mine ? "You" : sender}</span>
                <time dateTime={entry.serverTime} title={formatFull(entry.timestamp)}>
                  {formatTime(entry.timestamp)}
                </time>
              </header>
            ) : null}
            <div className="bubble-row">
              <div className="bubble" title={first ? undefined : formatFull(entry.timestamp)}>
                <MessageText text={entry.message} />
              </div>
              {onRemove ? (
                <button
                  type="button"
                  className="msg-action"
                  title="Remove this message for everyone"
                  aria-label={`Remove message from ${mine ? "you" : sender}`}
                  onClick={() => onRemove(entry)}
                >
                  <Icon name="trash" size={15} />
                </button>
              ) : null}
            </div>
          </div>
        </article>
      );
    }
    case "pending": {
      const { item } = row;
      return (
        <article className={`msg mine cont pending ${item.status}`} data-pending={item.clientId}>
          <span className="avatar-gap" />
          <div className="msg-body">
            <div className="bubble">
              <MessageText text={item.text} />
            </div>
            {item.status === "sending" ? (
              <div className="msg-state">
                {offline ? "Waiting for the connection…" : "Sending…"}
              </div>
            ) : (
              <div className="msg-state error" role="alert">
                {item.error ?? "Not sent"} ·{" "}
                <button type="button" className="link" onClick={() => onRetry(item.clientId)}>
                  Retry
                </button>{" "}
                ·{" "}
                <button type="button" className="link" onClick={() => onDiscard(item.clientId)}>
                  Discard
                </button>
              </div>
            )}
          </div>
        </article>
      );
    }
  }
}

function buildRows({ me, entries, notices, pending, hasMore }: TimelineProps): Row[] {
  const rows: Row[] = [];
  let day = -1;
  let prev: HistoryEntry | undefined;
  let n = 0;
  const pushDay = (at: number) => {
    const d = startOfDay(at);
    if (d === day) return;
    rows.push({ kind: "day", key: `d${d}`, at });
    day = d;
    prev = undefined;
  };
  const pushNotices = (upTo: number) => {
    while (n < notices.length && (notices[n]?.afterSeq ?? 0) < upTo) {
      const notice = notices[n++]!;
      // Above the loaded messages while older ones exist, a notice would sit in the wrong place.
      if (rows.length === 0 && hasMore) continue;
      pushDay(notice.at);
      rows.push({ kind: "notice", key: `n${notice.id}`, notice });
      prev = undefined;
    }
  };
  for (const entry of entries) {
    pushNotices(entry.seq);
    pushDay(entry.timestamp);
    const sender = senderOf(entry);
    const first = !prev || senderOf(prev) !== sender || entry.timestamp - prev.timestamp > GROUP_MS;
    rows.push({ kind: "entry", key: `s${entry.seq}`, entry, first, mine: sender === me });
    prev = entry;
  }
  pushNotices(Number.POSITIVE_INFINITY);
  for (const item of pending) rows.push({ kind: "pending", key: `p${item.clientId}`, item });
  return rows;
}
