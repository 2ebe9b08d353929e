// The page at `/`: asks for a name once (remembered in localStorage), takes the room from
// `?room=` or makes a new one and writes it into the URL, then shows <Chat>.
import { useState } from "react";
import { MAX_NAME_LENGTH, ROOM_NAME } from "../../src/protocol/limits.js";
import { Chat } from "./chat/Chat.js";
import { NamePrompt } from "./NamePrompt.js";

const NAME_KEY = "parlor.name";

/** The room in the URL, or a new random one put there with history.replaceState (seed 004). */
function roomFromUrl(): string {
  const url = new URL(location.href);
  const room = url.searchParams.get("room");
  if (room && ROOM_NAME.test(room)) return room;
  const fresh = randomRoomId();
  url.searchParams.set("room", fresh);
  history.replaceState(null, "", url.href);
  return fresh;
}

function randomRoomId(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

function storedName(): string {
  try {
    return (localStorage.getItem(NAME_KEY) ?? "").trim().slice(0, MAX_NAME_LENGTH);
  } catch {
    return "";
  }
}

export function App() {
  const [room] = useState(roomFromUrl);
  const [name, setName] = useState(storedName);
  const [editing, setEditing] = useState(false);

  if (!name || editing) {
    return (
      <NamePrompt
        room={room}
        initial={name}
        onSubmit={(chosen) => {
          try {
            localStorage.setItem(NAME_KEY, chosen);
          } catch {
            // Private mode without storage: the name lasts for this page only.
          }
          setName(chosen);
          setEditing(false);
        }}
        onCancel={name ? () => setEditing(false) : undefined}
      />
    );
  }
  return (
    <Chat
      url={location.origin}
      room={room}
      name={name}
      inviteUrl={location.href}
      onChangeName={() => setEditing(true)}
    />
  );
}
