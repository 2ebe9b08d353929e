// Public rooms, busiest first, live: who is online and when each was last active. A click (or
// Enter) on a room joins it; a room with a password asks for it first.
import { useState } from "react";
import type { DirectoryEntry } from "../../../src/protocol/rooms-rest.js";
import { onlineText, timeAgo } from "./format.js";
import { LockIcon } from "./LockIcon.js";
import { isPlainClick, joinRoom, roomUrl } from "./navigation.js";
import type { RoomsApi } from "./rooms-api.js";
import { DIRECTORY_PAGE, useDirectory } from "./use-directory.js";

export function Directory({ api }: { api: RoomsApi }) {
  const [offset, setOffset] = useState(0);
  const { rooms, next, error, readAt } = useDirectory(api, offset);
  const page = Math.floor(offset / DIRECTORY_PAGE) + 1;

  return (
    <section className="lobby-card directory" aria-labelledby="directory-heading">
      <header className="lobby-card-head">
        <div>
          <h2 id="directory-heading">Public rooms</h2>
          <p className="lobby-sub">
            <span className="live-dot" aria-hidden="true" /> Live · busiest first
          </p>
        </div>
      </header>
      {error ? (
        <p className="lobby-error" role="alert">
          {error}
        </p>
      ) : null}
      {rooms === undefined ? (
        <p className="directory-empty" aria-busy="true">
          Loading rooms…
        </p>
      ) : rooms.length === 0 ? (
        <div className="directory-empty">
          <strong>{offset > 0 ? "No more rooms" : "No public rooms yet"}</strong>
          <span>
            Create one, or start chatting in any room: it shows up here while people are in it.
          </span>
        </div>
      ) : (
        <ul className="directory-list" aria-label="Public rooms" data-testid="directory">
          {rooms.map((room) => (
            <RoomRow key={room.name} room={room} now={readAt} />
          ))}
        </ul>
      )}
      {offset > 0 || next !== null ? (
        <nav className="pager" aria-label="Pages of rooms">
          <button
            type="button"
            className="ghost"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - DIRECTORY_PAGE))}
          >
            ← Busier
          </button>
          <span className="pager-page">Page {page}</span>
          <button
            type="button"
            className="ghost"
            disabled={next === null}
            onClick={() => next !== null && setOffset(next)}
          >
            Quieter →
          </button>
        </nav>
      ) : null}
    </section>
  );
}

function RoomRow({ room, now }: { room: DirectoryEntry; now: number }) {
  const online = onlineText(room.online);
  const active = timeAgo(room.lastActivity, now);
  return (
    <li>
      <a
        className="room-row"
        href={roomUrl(room.name)}
        data-room={room.name}
        aria-label={`#${room.name}, ${online}, active ${active}${room.hasPassword ? ", needs a password" : ""}`}
        onClick={(event) => {
          if (!isPlainClick(event)) return;
          event.preventDefault();
          joinRoom(room.name);
        }}
      >
        <span className="room-glyph" aria-hidden="true">
          #
        </span>
        <span className="room-main">
          <span className="room-title">
            <span className="room-title-name">{room.name}</span>
            {room.hasPassword ? <LockBadge /> : null}
          </span>
          <span className="room-meta">
            <span className={`room-online ${room.online > 0 ? "on" : ""}`}>
              <span className={`presence-dot ${room.online > 0 ? "on" : ""}`} aria-hidden="true" />
              <span data-testid="room-online">{online}</span>
            </span>
            <span aria-hidden="true">·</span>
            <span>active {active}</span>
          </span>
        </span>
        <span className="room-join" aria-hidden="true">
          Join
        </span>
      </a>
    </li>
  );
}

function LockBadge() {
  return (
    <span className="lock-badge" title="Needs a password">
      <LockIcon size={12} stroke={2.2} />
      Password
    </span>
  );
}
