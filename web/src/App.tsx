// The page at `/`: asks for a name once (remembered in localStorage), takes the room from
// `?room=` or makes a new one and writes it into the URL, then shows <Chat> (through RoomGate,
// which asks for a password room's password first). `/?rooms` is the room directory instead
// (lobby/). In secure mode the name is signed in as a guest first (auth.ts) and <Chat> gets a
// token function.
import { useEffect, useMemo, useState } from "react";
import { MAX_NAME_LENGTH, ROOM_NAME } from "../../src/protocol/limits.js";
import {
  type AuthMode,
  currentToken,
  fetchAuthMode,
  hasTokenFor,
  NameTakenError,
  signIn,
} from "./auth.js";
import { Lobby } from "./lobby/Lobby.js";
import { browseRooms, wantsDirectory } from "./lobby/navigation.js";
import { RoomGate } from "./lobby/RoomGate.js";
import { roomsApiFor } from "./lobby/rooms-api.js";
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

type Place = { kind: "directory" } | { kind: "room"; room: string };

function placeFromUrl(): Place {
  if (wantsDirectory(new URL(location.href))) return { kind: "directory" };
  return { kind: "room", room: roomFromUrl() };
}

/** Where the page is; follows back/forward and lobby/navigation.ts's in-page moves. */
function usePlace(): Place {
  const [place, setPlace] = useState(placeFromUrl);
  useEffect(() => {
    const onMove = () => setPlace(placeFromUrl());
    addEventListener("popstate", onMove);
    return () => removeEventListener("popstate", onMove);
  }, []);
  return place;
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

function saveName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // Private mode without storage: the name lasts for this page only.
  }
}

function describeSignInError(error: unknown): string {
  if (error instanceof NameTakenError) {
    return `“${error.taken}” is taken by someone else. Please pick another name.`;
  }
  return "Could not sign in. Please try again.";
}

export function App() {
  const place = usePlace();
  const room = place.kind === "room" ? place.room : undefined;
  const [mode, setMode] = useState<AuthMode>();
  const [name, setName] = useState(storedName);
  const [editing, setEditing] = useState(false);
  /** Secure mode: the name the kept token is for (the chat waits until it matches). */
  const [signedIn, setSignedIn] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    fetchAuthMode().then((found) => live && setMode(found));
    return () => {
      live = false;
    };
  }, []);

  const join = async (chosen: string) => {
    setBusy(true);
    setError(undefined);
    try {
      if (!hasTokenFor(chosen)) await signIn(chosen);
      saveName(chosen);
      setName(chosen);
      setSignedIn(chosen);
      setEditing(false);
    } catch (failure) {
      setError(describeSignInError(failure));
      setEditing(true);
    } finally {
      setBusy(false);
    }
  };

  // Secure mode with a remembered name: sign it in (or reuse its kept token) before chatting.
  useEffect(() => {
    if (mode === "secure" && name && !editing) void join(name);
  }, [mode]);

  const secure = mode === "secure";
  const api = useMemo(() => roomsApiFor(secure), [secure]);

  if (!mode) return <main className="welcome" aria-busy="true" />;
  if (!name || editing || (secure && signedIn !== name)) {
    if (secure && name && !editing) return <main className="welcome" aria-busy="true" />;
    return (
      <NamePrompt
        room={room}
        initial={name}
        error={error}
        busy={busy}
        onSubmit={(chosen) => {
          if (secure) {
            void join(chosen);
            return;
          }
          saveName(chosen);
          setName(chosen);
          setEditing(false);
        }}
        onCancel={name && (!secure || signedIn === name) ? () => setEditing(false) : undefined}
      />
    );
  }
  if (room === undefined) {
    return <Lobby api={api} name={name} onChangeName={() => setEditing(true)} />;
  }
  return (
    <RoomGate
      key={room}
      api={api}
      url={location.origin}
      room={room}
      name={name}
      token={secure ? currentToken : undefined}
      inviteUrl={location.href}
      onChangeName={() => setEditing(true)}
      onBrowseRooms={browseRooms}
    />
  );
}
