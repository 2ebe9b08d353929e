// Between the name and the chat: asks the room whether it needs a password (GET
// /api/rooms/<name>), and if so gets a ticket first, from the owner key kept in this browser or
// from the password prompt. <Chat> then asks for a fresh ticket before every reconnect.
import { useEffect, useState } from "react";
import { Chat, type ChatProps } from "../chat/Chat.js";
import { ownerKeyFor } from "../rooms/owner-keys.js";
import { browseRooms } from "./navigation.js";
import { PasswordPrompt } from "./PasswordPrompt.js";
import type { RoomsApi } from "./rooms-api.js";

type Door =
  | { kind: "asking" }
  | { kind: "open" }
  | { kind: "password" }
  | { kind: "ticket"; next: () => Promise<string> };

/** A ticket function: `first` (already bought) once, then a new one from `buy` each time. */
function ticketsFrom(first: string | undefined, buy: () => Promise<string>): () => Promise<string> {
  let spare = first;
  return () => {
    const ticket = spare;
    spare = undefined;
    return ticket ? Promise.resolve(ticket) : buy();
  };
}

export function RoomGate({ api, ...chat }: ChatProps & { api: RoomsApi }) {
  const { room } = chat;
  const [door, setDoor] = useState<Door>({ kind: "asking" });

  useEffect(() => {
    let live = true;
    setDoor({ kind: "asking" });
    api.info(room).then(
      ({ hasPassword }) => {
        if (!live) return;
        const ownerKey = ownerKeyFor(room);
        if (!hasPassword) setDoor({ kind: "open" });
        else if (ownerKey) {
          const buy = async () => (await api.join(room, "", ownerKey)).ticket;
          setDoor({ kind: "ticket", next: ticketsFrom(undefined, buy) });
        } else setDoor({ kind: "password" });
      },
      // The server could not say: try the room as it is (a password room then refuses).
      () => live && setDoor({ kind: "open" }),
    );
    return () => {
      live = false;
    };
  }, [api, room]);

  if (door.kind === "asking") return <main className="welcome" aria-busy="true" />;
  if (door.kind === "password") {
    return (
      <PasswordPrompt
        api={api}
        room={room}
        name={chat.name}
        onBrowseRooms={browseRooms}
        onTicket={(password, first) => {
          const buy = async () => (await api.join(room, password)).ticket;
          setDoor({ kind: "ticket", next: ticketsFrom(first, buy) });
        }}
      />
    );
  }
  return <Chat {...chat} ticket={door.kind === "ticket" ? door.next : undefined} />;
}
