// A password room's door: the password is traded for a ticket (`POST /api/rooms/<name>/join`).
// Wrong guesses disable the button for a countdown that doubles each time (the server slows and
// then refuses guesses too; its 429 `retryAfterSeconds` is shown as the countdown).
import { useEffect, useState } from "react";
import { useTicker } from "../chat/hooks.js";
import { LockIcon } from "./LockIcon.js";
import { describeFailure, type RoomsApi, RoomsApiError } from "./rooms-api.js";

/** Seconds the button stays disabled after the n-th wrong password in a row (1, 2, 4 … 30). */
export function guessPause(wrong: number): number {
  return Math.min(30, 2 ** Math.max(0, wrong - 1));
}

export function PasswordPrompt({
  api,
  room,
  name,
  onTicket,
  onBrowseRooms,
}: {
  api: RoomsApi;
  room: string;
  name: string;
  /** The right password and the ticket it bought (the password buys the reconnects' tickets). */
  onTicket(password: string, ticket: string): void;
  onBrowseRooms(): void;
}) {
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [wrong, setWrong] = useState(0);
  const [error, setError] = useState<string>();
  const [waitUntil, setWaitUntil] = useState(0);
  const now = useTicker(waitUntil > Date.now(), 250);
  const waitSeconds = Math.max(0, Math.ceil((waitUntil - now) / 1000));
  const waiting = waitSeconds > 0;

  // Focus comes back to the field when the wait is over, ready for the next try.
  useEffect(() => {
    if (!waiting && wrong > 0) document.getElementById("room-password")?.focus();
  }, [waiting, wrong]);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { ticket } = await api.join(room, password);
      onTicket(password, ticket);
    } catch (failure) {
      if (failure instanceof RoomsApiError && failure.status === 403) {
        const count = wrong + 1;
        setWrong(count);
        setError("Wrong password. Check it and try again.");
        setWaitUntil(Date.now() + guessPause(count) * 1000);
      } else if (failure instanceof RoomsApiError && failure.status === 429) {
        const seconds = failure.retryAfterSeconds ?? 60;
        setError(`Too many wrong passwords. You can try again in ${seconds} seconds.`);
        setWaitUntil(Date.now() + seconds * 1000);
      } else {
        setError(describeFailure(failure, "Could not check the password"));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="welcome">
      <form
        className="welcome-card"
        aria-labelledby="password-heading"
        onSubmit={(event) => {
          event.preventDefault();
          if (password && !busy && !waiting) void submit();
        }}
      >
        <div className="brand large">
          <span className="brand-mark" aria-hidden="true" />
          Parlor
        </div>
        <p className="lock-circle" aria-hidden="true">
          <LockIcon size={22} />
        </p>
        <h1 id="password-heading">
          <span className="room-name">#{room}</span> needs a password
        </h1>
        <p className="welcome-lead">
          Ask the person who invited you for it. You will join as <strong>{name}</strong>.
        </p>
        <label htmlFor="room-password">Room password</label>
        <input
          id="room-password"
          type="password"
          // biome-ignore lint/a11y/noAutofocus: the only thing to do on this screen
          autoFocus
          autoComplete="current-password"
          maxLength={256}
          value={password}
          disabled={busy}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "password-error" : undefined}
          onChange={(event) => setPassword(event.target.value)}
        />
        {error ? (
          <p id="password-error" className="welcome-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={!password || busy || waiting}>
          {busy ? "Checking…" : waiting ? `Try again in ${waitSeconds} s` : "Enter the room"}
        </button>
        <button type="button" className="link center" onClick={onBrowseRooms}>
          Browse other rooms
        </button>
      </form>
    </main>
  );
}
