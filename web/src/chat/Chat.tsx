// `<Chat url room name />`: a complete Parlor chat (seed 002's Chat.tsx) for any React app. It
// owns the connection (the SDK in src/client: reconnect, resume, acks), messages and history
// paging, presence and typing, direct messages, search with jump-to-message, and, when this
// browser holds the room's owner key, moderation. See web/README.md.
import { useEffect, useRef, useState } from "react";
import type { SearchResult } from "../../../src/client/index.js";
import { forgetBan, isBanRemembered, rememberBan } from "./ban-memory.js";
import { Composer } from "./Composer.js";
import { ConfirmDialog, type ConfirmRequest } from "./ConfirmDialog.js";
import type { ChatStore } from "./chat-store.js";
import "./chat.css";
import "./room-tools.css";
import {
  type Conversation,
  directPeers,
  inConversation,
  keyOf,
  pendingIn,
  ROOM,
} from "./conversations.js";
import { Empty } from "./Empty.js";
import { EndedNotice } from "./EndedNotice.js";
import { typingText } from "./format.js";
import { useChatStore, useDocumentHidden, useOnline, useSnapshot, useTabTitle } from "./hooks.js";
import { Icon } from "./Icon.js";
import { moderation } from "./moderation.js";
import { OwnerPanel } from "./OwnerPanel.js";
import { SearchPanel } from "./SearchPanel.js";
import { Sidebar } from "./Sidebar.js";
import { StatusBanner, statusOf } from "./StatusBanner.js";
import { Timeline } from "./Timeline.js";
import { TopBar } from "./TopBar.js";
import { useJump } from "./use-jump.js";
import { useOwner } from "./use-owner.js";
import { useUnread } from "./use-unread.js";

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
  /** Shows a "Browse rooms" action (the room directory), also offered when the room was deleted. */
  onBrowseRooms?: () => void;
}

export function Chat(props: ChatProps) {
  const { room, name } = props;
  // A rejoin (after a kick) is a new connection: a new store.
  const [generation, setGeneration] = useState(0);
  const [bannedBefore, setBannedBefore] = useState(() => isBanRemembered(room, name));
  /** Trying again after a ban: a first connection that fails means the ban still holds. */
  const [retryingBan, setRetryingBan] = useState(false);
  const store = useChatStore(props, generation, !bannedBefore);
  if (bannedBefore) {
    const tryAgain = () => {
      forgetBan(room, name);
      setRetryingBan(true);
      setBannedBefore(false);
    };
    return <EndedNotice ended="banned" room={room} onRejoin={tryAgain} />;
  }
  if (!store) return <div className="chat" aria-busy="true" />;
  return (
    <ChatView
      store={store}
      {...props}
      onRejoin={() => setGeneration((g) => g + 1)}
      retryingBan={retryingBan}
      onStillBanned={() => {
        rememberBan(room, name);
        setBannedBefore(true);
      }}
    />
  );
}

interface ViewProps extends ChatProps {
  store: ChatStore;
  onRejoin(): void;
  retryingBan: boolean;
  onStillBanned(): void;
}

function ChatView(props: ViewProps) {
  const { store, url, inviteUrl, title, onChangeName } = props;
  const snap = useSnapshot(store);
  const { me, room, entries } = snap;
  const online = useOnline();
  const hidden = useDocumentHidden();
  const [active, setActive] = useState<Conversation>(ROOM);
  const [drawer, setDrawer] = useState(false);
  const [searching, setSearching] = useState(false);
  const [confirm, setConfirm] = useState<ConfirmRequest>();
  const [bansVersion, setBansVersion] = useState(0);
  const owner = useOwner(url, room, props.token);
  const jump = useJump(store, snap.removed);
  const activeKey = keyOf(active);
  const unread = useUnread(snap, activeKey, hidden);
  useTabTitle(title === undefined ? `#${room} · Parlor` : title, unread.unseenWhileHidden);
  useEffect(() => {
    if (snap.ended === "banned") rememberBan(room, me);
  }, [snap.ended, room, me]);
  const everOpen = useRef(false);
  if (snap.connection.state === "open") everOpen.current = true;
  const stillBanned =
    props.retryingBan && !everOpen.current && snap.connection.state === "reconnecting";
  const { onStillBanned } = props;
  useEffect(() => {
    if (stillBanned) onStillBanned();
  }, [stillBanned, onStillBanned]);

  if (snap.ended) {
    return (
      <EndedNotice
        ended={snap.ended}
        room={room}
        onRejoin={props.onRejoin}
        onBrowseRooms={props.onBrowseRooms}
      />
    );
  }

  const peers = directPeers(entries, me);
  if (active.kind === "direct" && !peers.includes(active.peer)) peers.unshift(active.peer);
  const open = (c: Conversation) => {
    setActive(c);
    setDrawer(false);
    jump.backToLive();
  };
  const pick = async (result: SearchResult) => {
    const peer = result.name === me ? result.to : result.name;
    setActive(result.to && peer ? { kind: "direct", peer } : ROOM);
    // On a phone the results cover the conversation: get out of the way.
    if ((await jump.open(result)) && matchMedia("(max-width: 760px)").matches) setSearching(false);
  };
  const tools = owner.key
    ? moderation(room, owner, setConfirm, () => setBansVersion((v) => v + 1))
    : undefined;

  const view = jump.view;
  const shown = (view ? view.entries : entries).filter((e) => inConversation(e, active, me));
  const status = statusOf(snap.connection, online);
  const label = active.kind === "room" ? `#${room}` : active.peer;
  const typing =
    active.kind === "room" ? snap.typing : snap.typing.filter((n) => n === active.peer);
  const problem = owner.error ?? jump.error;

  return (
    <div className={`chat ${drawer ? "drawer-open" : ""} ${searching ? "searching" : ""}`}>
      <Sidebar
        room={room}
        me={me}
        users={snap.users}
        count={snap.count}
        peers={peers}
        active={active}
        unread={unread.counts}
        onOpen={open}
        onChangeName={onChangeName}
        onBrowseRooms={props.onBrowseRooms}
        moderation={tools}
      >
        {owner.key ? (
          <OwnerPanel room={room} owner={owner} bansVersion={bansVersion} onConfirm={setConfirm} />
        ) : null}
      </Sidebar>
      <button
        type="button"
        className="scrim"
        aria-label="Close the menu"
        tabIndex={drawer ? 0 : -1}
        onClick={() => setDrawer(false)}
      />
      <main className="main" aria-label={`Conversation: ${label}`}>
        <TopBar
          room={room}
          active={active}
          count={snap.count}
          status={status}
          drawer={drawer}
          hasUnread={unread.counts.size > 0}
          searching={searching}
          inviteUrl={inviteUrl}
          onOpenDrawer={() => setDrawer(true)}
          onToggleSearch={() => setSearching((s) => !s)}
        />
        <StatusBanner
          connection={snap.connection}
          online={online}
          queued={snap.pending.filter((p) => p.status === "sending").length}
          onRetryNow={() => store.reconnectNow()}
        />
        {problem ? (
          <div className="banner closed owner-error" role="alert">
            <span>{problem}</span>
            <button
              type="button"
              className="banner-action"
              onClick={() => {
                owner.clearError();
                jump.clearError();
              }}
            >
              Dismiss
            </button>
          </div>
        ) : null}
        <Timeline
          key={`timeline-${activeKey}-${view?.target ?? "live"}`}
          me={me}
          label={
            active.kind === "room" ? `Messages in #${room}` : `Direct messages with ${active.peer}`
          }
          entries={shown}
          notices={active.kind === "room" && !view ? snap.notices : []}
          pending={view ? [] : snap.pending.filter((p) => pendingIn(p, active))}
          hasMore={view ? view.hasMore : snap.hasMore}
          loadingOlder={view ? view.loadingOlder : snap.loadingOlder}
          offline={status !== "connected"}
          empty={<Empty active={active} room={room} connected={status === "connected"} />}
          onLoadOlder={() => void (view ? jump.loadOlder() : store.loadOlder())}
          onRetry={(id) => store.retry(id)}
          onDiscard={(id) => store.discard(id)}
          focusSeq={view?.target}
          onRemove={tools?.onRemove}
        />
        {view ? (
          <div className="context-bar">
            <span>You are looking at an earlier message.</span>
            <button type="button" className="secondary" onClick={jump.backToLive}>
              Back to live <Icon name="down" size={15} />
            </button>
          </div>
        ) : (
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
        )}
        <Composer
          key={`composer-${activeKey}`}
          placeholder={`Message ${label}`}
          onSend={(text) => {
            jump.backToLive();
            store.send(text, active.kind === "direct" ? active.peer : undefined);
          }}
          onTyping={(t) => store.typing(t)}
        />
      </main>
      {searching ? (
        <SearchPanel
          me={me}
          search={(q, offset) => store.search(q, offset)}
          onPick={(result) => void pick(result)}
          onClose={() => setSearching(false)}
        />
      ) : null}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(undefined)} />
    </div>
  );
}
