// The page at `/?rooms`: the live directory of public rooms beside the create-room form.
import { useEffect } from "react";
import "../chat/chat.css";
import { CreateRoom } from "./CreateRoom.js";
import { Directory } from "./Directory.js";
import "./lobby.css";
import type { RoomsApi } from "./rooms-api.js";

export function Lobby({
  api,
  name,
  onChangeName,
}: {
  api: RoomsApi;
  name: string;
  onChangeName(): void;
}) {
  useEffect(() => {
    document.title = "Rooms · Parlor";
  }, []);
  return (
    <div className="lobby">
      <header className="lobby-top">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Parlor
        </div>
        <p className="lobby-me">
          <span className="lobby-me-label">Chatting as</span> <strong>{name}</strong>
          <button
            type="button"
            className="link"
            aria-label="Change your name"
            onClick={onChangeName}
          >
            Change
          </button>
        </p>
      </header>
      <main className="lobby-main">
        <div className="lobby-intro">
          <h1>Rooms</h1>
          <p className="lobby-sub">Join a conversation, or start your own.</p>
        </div>
        <div className="lobby-grid">
          <Directory api={api} />
          <CreateRoom api={api} />
        </div>
      </main>
    </div>
  );
}
