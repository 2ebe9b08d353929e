// Said plainly when the room's owner ended this person's stay: kicked (may come back), banned
// (cannot), or the room was deleted (offered the room directory).
import { useEffect, useRef } from "react";
import type { Ended } from "./chat-store.js";
import { Icon, type IconName } from "./Icon.js";

const TEXT: Record<Ended, { icon: IconName; title: (room: string) => string; body: string }> = {
  kicked: {
    icon: "kick",
    title: (room) => `You were removed from #${room}`,
    body: "The room's owner disconnected you. You can join again.",
  },
  banned: {
    icon: "ban",
    title: (room) => `You are banned from #${room}`,
    body: "The room's owner banned you. You cannot rejoin unless they lift the ban.",
  },
  deleted: {
    icon: "trash",
    title: (room) => `#${room} was deleted`,
    body: "The room's owner deleted this room and all of its messages.",
  },
};

export function EndedNotice({
  ended,
  room,
  onRejoin,
  onBrowseRooms,
}: {
  ended: Ended;
  room: string;
  onRejoin(): void;
  onBrowseRooms?: () => void;
}) {
  const text = TEXT[ended];
  const heading = useRef<HTMLHeadingElement>(null);
  // Screen readers and keyboards land on the news.
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="ended" role="alert" data-ended={ended}>
      <div className="ended-card">
        <span className={`ended-icon ${ended}`}>
          <Icon name={text.icon} size={26} />
        </span>
        <h2 ref={heading} tabIndex={-1}>
          {text.title(room)}
        </h2>
        <p>{text.body}</p>
        <div className="ended-actions">
          {ended === "deleted" && onBrowseRooms ? (
            <button type="button" className="primary" onClick={onBrowseRooms}>
              Browse rooms
            </button>
          ) : null}
          {ended === "kicked" ? (
            <button type="button" className="primary" onClick={onRejoin}>
              Rejoin #{room}
            </button>
          ) : null}
          {ended === "banned" ? (
            <button type="button" className="secondary" onClick={onRejoin}>
              Try again
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
