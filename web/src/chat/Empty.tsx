// What an empty conversation says: connecting, a new room's welcome, or a new private thread.
import type { Conversation } from "./conversations.js";

export function Empty({
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
