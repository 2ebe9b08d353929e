// The conversation's header: the menu (phones), its name and who can read it, the connection,
// search, and the invite link.
import { useEffect, useState } from "react";
import type { Conversation } from "./conversations.js";
import { Icon } from "./Icon.js";
import { type Status, StatusPill } from "./StatusBanner.js";

export interface TopBarProps {
  room: string;
  active: Conversation;
  count: number;
  status: Status;
  drawer: boolean;
  hasUnread: boolean;
  searching: boolean;
  inviteUrl?: string;
  onOpenDrawer(): void;
  onToggleSearch(): void;
}

export function TopBar(props: TopBarProps) {
  const { room, active } = props;
  return (
    <header className="topbar">
      <button
        type="button"
        className="icon-button menu"
        aria-label="Open rooms and people"
        aria-expanded={props.drawer}
        onClick={props.onOpenDrawer}
      >
        <Icon name="menu" size={22} />
        {props.hasUnread ? <span className="menu-dot" /> : null}
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
            <span data-testid="topbar-count">{props.count.toLocaleString()} online</span>
          ) : (
            <span className="private">
              <Icon name="lock" size={13} />
              Private: only you and {active.peer} can see these messages
            </span>
          )}
        </p>
      </div>
      <StatusPill status={props.status} />
      <button
        type="button"
        className={`icon-button search-toggle ${props.searching ? "on" : ""}`}
        aria-label="Search messages"
        aria-pressed={props.searching}
        title="Search messages"
        onClick={props.onToggleSearch}
      >
        <Icon name="search" size={20} />
      </button>
      {props.inviteUrl ? <CopyLink url={props.inviteUrl} /> : null}
    </header>
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
      <Icon name="link" size={16} />
      <span>{copied ? "Copied!" : "Copy link"}</span>
    </button>
  );
}
