// `<Chat url room name />`: a complete Parlor chat (seed 002's Chat.tsx) for any React app. It
// owns the connection (the SDK in src/client: reconnect, resume, acks), messages and history
// paging, presence and typing, and direct messages. See web/README.md.
import { useEffect, useMemo, useRef, useState } from "react";
import { Composer } from "./Composer.js";
import type { ChatStore } from "./chat-store.js";
import "./chat.css";
import {
  type Conversation,
  conversationOf,
  directPeers,
  inConversation,
  keyOf,
  pendingIn,
  ROOM,
  senderOf,
} from "./conversations.js";
import { typingText } from "./format.js";
import { useChatStore, useDocumentHidden, useOnline, useSnapshot, useTabTitle } from "./hooks.js";
import { Sidebar } from "./Sidebar.js";
import { StatusBanner, StatusPill, statusOf } from "./StatusBanner.js";
import { Timeline } from "./Timeline.js";

export interface ChatProps {
  /** Parlor's origin: `https://parlor.example.workers.dev` (http(s) or ws(s); a path is ignored). */
  url: string;
  /** The room: letters, digits, `-`, `_`, `.` (1–64, starting with a letter or digit). */
  room: string;
  /** Who you are in the room (1–64 characters). */
  name: string;
  /** Secure mode: returns a valid token; called before every connection attempt. */
  token?: () => string | Promise<string>;
  /** A link that brings others into this room; shows a "Copy link" button. */
  inviteUrl?: string;
  /** The tab title, shown as "(3) title" while the tab is hidden and messages arrive; `false` leaves the title alone. */
  title?: string | false;
  /** Shows a "Change name" action. */
  onChangeName?: () => void;
  /** A password room: returns a fresh single-use ticket; called before every connection attempt. */
  ticket?: () => string | Promise<string>;
  /** Shows a "Browse rooms" action (the room directory). */
  onBrowseRooms?: () => void;
}

export function Chat(props: ChatProps) {
  const store = useChatStore(props);
  if (!store) return <div className="chat" aria-busy="true" />;
  return <ChatView store={store} {...props} />;
}

function ChatView({
  store,
  inviteUrl,
  title,
  onChangeName,
  onBrowseRooms,
}: ChatProps & { store: ChatStore }) {
  const snap = useSnapshot(store);
  const { me, room, entries } = snap;
  const online = useOnline();
  const hidden = useDocumentHidden();
  const [active, setActive] = useState<Conversation>(ROOM);
  const [drawer, setDrawer] = useState(false);
  const activeKey = keyOf(active);

  // Read marks: what arrived before the page opened, or while a conversation was on screen, is read.
  const [readUpTo, setReadUpTo] = useState<ReadonlyMap<string, number>>(new Map());
  const base = useRef<number | undefined>(undefined);
  const lastSeq = entries[entries.length - 1]?.seq ?? 0;
  if (base.current === undefined && snap.connection.state === "open") base.current = lastSeq;
  useEffect(() => {
    if (hidden || (readUpTo.get(activeKey) ?? 0) >= lastSeq) return;
    setReadUpTo((marks) => new Map(marks).set(activeKey, lastSeq));
  }, [hidden, activeKey, lastSeq, readUpTo]);

  const unread = useMemo(() => {
    const counts = new Map<string, number>();
    for (const entry of entries) {
      if (senderOf(entry) === me) continue;
      const key = keyOf(conversationOf(entry, me));
      if (entry.seq > Math.max(base.current ?? lastSeq, readUpTo.get(key) ?? 0)) {
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    // What is on screen is being read (unless the tab is hidden).
    if (!hidden) counts.delete(activeKey);
    return counts;
  }, [entries, me, readUpTo, activeKey, hidden, lastSeq]);

  // The tab title counts what arrived from others since the tab was hidden.
  const hiddenAt = useRef(0);
  if (!hidden) hiddenAt.current = lastSeq;
  const unseenWhileHidden = hidden
    ? entries.filter((e) => e.seq > hiddenAt.current && senderOf(e) !== me).length
    : 0;
  useTabTitle(title === undefined ? `#${room} · Parlor` : title, unseenWhileHidden);

  const peers = directPeers(entries, me);
  if (active.kind === "direct" && !peers.includes(active.peer)) peers.unshift(active.peer);
  const open = (c: Conversation) => {
    setActive(c);
    setDrawer(false);
  };

  const shown = entries.filter((e) => inConversation(e, active, me));
  const status = statusOf(snap.connection, online);
  const label = active.kind === "room" ? `#${room}` : active.peer;
  const typing =
    active.kind === "room" ? snap.typing : snap.typing.filter((n) => n === active.peer);

  return (
    <div className={`chat ${drawer ? "drawer-open" : ""}`}>
      <Sidebar
        room={room}
        me={me}
        users={snap.users}
        count={snap.count}
        peers={peers}
        active={active}
        unread={unread}
        onOpen={open}
        onChangeName={onChangeName}
        onBrowseRooms={onBrowseRooms}
      />
      <button
        type="button"
        className="scrim"
        aria-label="Close the menu"
        tabIndex={drawer ? 0 : -1}
        onClick={() => setDrawer(false)}
      />
      <main className="main" aria-label={`Conversation: ${label}`}>
        <header className="topbar">
          <button
            type="button"
            className="icon-button menu"
            aria-label="Open rooms and people"
            aria-expanded={drawer}
            onClick={() => setDrawer(true)}
          >
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
              <path
                d="M4 7h16M4 12h16M4 17h16"
                stroke="currentColor"
                strokeWidth="2"
                strokeLinecap="round"
              />
            </svg>
            {unread.size > 0 ? <span className="menu-dot" /> : null}
          </button>
          <div className="topbar-title">
            <h1>
              {active.kind === "room" ? (
                <>
                  <span className="hash title-hash" aria-hidden="true">
                    #
                  </span>
                  {room}
                </>
              ) : (
                active.peer
              )}
            </h1>
            <p className="topbar-sub">
              {active.kind === "room" ? (
                <span data-testid="topbar-count">{snap.count.toLocaleString()} online</span>
              ) : (
                <span className="private">
                  <svg viewBox="0 0 24 24" width="13" height="13" aria-hidden="true">
                    <path
                      d="M7 11V8a5 5 0 0 1 10 0v3M6 11h12v9H6z"
                      fill="none"
                      stroke="currentColor"
                      strokeWidth="2"
                      strokeLinejoin="round"
                    />
                  </svg>
                  Private: only you and {active.peer} can see these messages
                </span>
              )}
            </p>
          </div>
          <StatusPill status={status} />
          {inviteUrl ? <CopyLink url={inviteUrl} /> : null}
        </header>
        <StatusBanner
          connection={snap.connection}
          online={online}
          queued={snap.pending.filter((p) => p.status === "sending").length}
          onRetryNow={() => store.reconnectNow()}
        />
        <Timeline
          key={`timeline-${activeKey}`}
          me={me}
          label={
            active.kind === "room" ? `Messages in #${room}` : `Direct messages with ${active.peer}`
          }
          entries={shown}
          notices={active.kind === "room" ? snap.notices : []}
          pending={snap.pending.filter((p) => pendingIn(p, active))}
          hasMore={snap.hasMore}
          loadingOlder={snap.loadingOlder}
          offline={status !== "connected"}
          empty={<Empty active={active} room={room} connected={status === "connected"} />}
          onLoadOlder={() => void store.loadOlder()}
          onRetry={(id) => store.retry(id)}
          onDiscard={(id) => store.discard(id)}
        />
        <div className="typing" aria-live="polite" data-testid="typing">
          {typing.length > 0 ? (
            <>
              <span className="typing-dots" aria-hidden="true">
                <i />
                <i />
                <i />
              </span>
              {typingText(typing)}
            </>
          ) : null}
        </div>
        <Composer
          key={`composer-${activeKey}`}
          placeholder={`Message ${label}`}
          onSend={(text) => store.send(text, active.kind === "direct" ? active.peer : undefined)}
          onTyping={(t) => store.typing(t)}
        />
      </main>
    </div>
  );
}

function Empty({
  active,
  room,
  connected,
}: {
  active: Conversation;
  room: string;
  connected: boolean;
}) {
  if (!connected) return <div className="empty">Connecting to #{room}…</div>;
  return (
    <div className="empty">
      {active.kind === "room" ? (
        <>
          <strong>Welcome to #{room}</strong>
          <span>No messages yet. Say hello, or copy the link to invite someone.</span>
        </>
      ) : (
        <>
          <strong>Your private thread with {active.peer}</strong>
          <span>Only the two of you can see these messages.</span>
        </>
      )}
    </div>
  );
}

function CopyLink({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard permission (e.g. plain http on another host): let the person copy it.
      window.prompt("Copy this link to invite someone:", url);
      return;
    }
    setCopied(true);
  };
  return (
    <button type="button" className="copy-link" onClick={() => void copy()} aria-live="polite">
      <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
        <path
          d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
        />
      </svg>
      <span>{copied ? "Copied!" : "Copy link"}</span>
    </button>
  );
}
