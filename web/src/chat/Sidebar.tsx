// The room, the direct threads and who is online; a click on a person opens your thread with them.
import type { ReactNode } from "react";
import { Avatar } from "./Avatar.js";
import { type Conversation, keyOf } from "./conversations.js";
import { Icon } from "./Icon.js";

export interface SidebarProps {
  room: string;
  me: string;
  users: readonly string[];
  count: number;
  peers: readonly string[];
  active: Conversation;
  unread: ReadonlyMap<string, number>;
  onOpen(conversation: Conversation): void;
  onChangeName?: () => void;
  onBrowseRooms?: () => void;
  /** The room's owner: kick and ban next to each person. */
  moderation?: { onKick(name: string): void; onBan(name: string): void };
  /** Shown above your name (the owner's panel). */
  children?: ReactNode;
}

export function Sidebar(props: SidebarProps) {
  const { room, me, users, count, peers, active, unread, onOpen } = props;
  const online = new Set(users);
  const others = [...users].filter((u) => u !== me).sort((a, b) => a.localeCompare(b));
  const listed = online.has(me) ? [me, ...others] : others;
  const activeKey = keyOf(active);
  const item = (c: Conversation, label: React.ReactNode, title: string) => {
    const key = keyOf(c);
    const n = unread.get(key) ?? 0;
    return (
      <li key={key}>
        <button
          type="button"
          className={`nav-item ${activeKey === key ? "active" : ""}`}
          aria-current={activeKey === key ? "page" : undefined}
          aria-label={n > 0 ? `${title}, ${n} unread` : title}
          onClick={() => onOpen(c)}
        >
          {label}
          {n > 0 ? <span className="badge">{n > 99 ? "99+" : n}</span> : null}
        </button>
      </li>
    );
  };

  return (
    <nav className="sidebar" aria-label="Conversations">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Parlor
      </div>
      {props.onBrowseRooms ? (
        <button type="button" className="nav-item browse-rooms" onClick={props.onBrowseRooms}>
          <Icon name="grid" size={16} />
          <span className="nav-label">Browse rooms</span>
        </button>
      ) : null}
      <h2 className="nav-heading">Room</h2>
      <ul className="nav-list">
        {item(
          { kind: "room" },
          <>
            <span className="hash" aria-hidden="true">
              #
            </span>
            <span className="nav-label">{room}</span>
          </>,
          `Room ${room}`,
        )}
      </ul>
      <h2 className="nav-heading">Direct messages</h2>
      {peers.length === 0 ? (
        <p className="nav-empty">Pick someone below to message them privately.</p>
      ) : (
        <ul className="nav-list">
          {peers.map((peer) =>
            item(
              { kind: "direct", peer },
              <>
                <Avatar name={peer} size={22} />
                <span className="nav-label">{peer}</span>
                <span
                  className={`presence-dot ${online.has(peer) ? "on" : ""}`}
                  aria-hidden="true"
                />
              </>,
              `Direct messages with ${peer}${online.has(peer) ? " (online)" : ""}`,
            ),
          )}
        </ul>
      )}
      <h2 className="nav-heading" id="online-heading">
        Online — <span data-testid="online-count">{count}</span>
      </h2>
      <ul className="people" aria-labelledby="online-heading">
        {listed.map((name) => (
          <li key={name}>
            {name === me ? (
              <span className="person">
                <Avatar name={name} size={26} />
                <span className="nav-label">{name}</span>
                <span className="you">you</span>
              </span>
            ) : (
              <button
                type="button"
                className="person"
                title={`Message ${name} privately`}
                aria-label={`${name}: send a direct message`}
                onClick={() => onOpen({ kind: "direct", peer: name })}
              >
                <Avatar name={name} size={26} />
                <span className="nav-label">{name}</span>
                <span className="presence-dot on" aria-hidden="true" />
              </button>
            )}
            {props.moderation && name !== me ? (
              <span className="person-actions">
                <button
                  type="button"
                  className="mini-button"
                  title={`Kick ${name} (they may come back)`}
                  aria-label={`Kick ${name}`}
                  onClick={() => props.moderation?.onKick(name)}
                >
                  <Icon name="kick" size={15} />
                </button>
                <button
                  type="button"
                  className="mini-button danger-text"
                  title={`Ban ${name} from this room`}
                  aria-label={`Ban ${name}`}
                  onClick={() => props.moderation?.onBan(name)}
                >
                  <Icon name="ban" size={15} />
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {count > listed.length ? (
        <p className="nav-empty">and {(count - listed.length).toLocaleString()} more</p>
      ) : null}
      {props.children}
      <div className="me">
        <Avatar name={me} size={30} />
        <span className="me-name">{me}</span>
        {props.onChangeName ? (
          <button
            type="button"
            className="link"
            aria-label="Change your name"
            onClick={props.onChangeName}
          >
            Change
          </button>
        ) : null}
      </div>
    </nav>
  );
}
