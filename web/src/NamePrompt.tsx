// "What should we call you?": asked once; the answer is remembered for the next visit.
import { useState } from "react";
import { MAX_NAME_LENGTH } from "../../src/protocol/limits.js";
import "./chat/chat.css";

export function NamePrompt({
  room,
  initial,
  error,
  busy = false,
  onSubmit,
  onCancel,
}: {
  /** The room about to be joined; none on the way to the room directory. */
  room?: string;
  initial: string;
  /** Why the last name did not work (e.g. taken in secure mode). */
  error?: string;
  /** Signing in: the button waits. */
  busy?: boolean;
  onSubmit(name: string): void;
  onCancel?: () => void;
}) {
  const [value, setValue] = useState(initial);
  const name = value.trim();
  return (
    <main className="welcome">
      <form
        className="welcome-card"
        onSubmit={(event) => {
          event.preventDefault();
          if (name) onSubmit(name);
        }}
      >
        <div className="brand large">
          <span className="brand-mark" aria-hidden="true" />
          Parlor
        </div>
        {room ? (
          <h1>
            Join <span className="room-name">#{room}</span>
          </h1>
        ) : (
          <h1>Welcome to Parlor</h1>
        )}
        <p className="welcome-lead">
          Real-time chat. Pick a name people will see next to your messages.
        </p>
        <label htmlFor="name-input">Your name</label>
        <input
          id="name-input"
          // biome-ignore lint/a11y/noAutofocus: the only thing to do on this screen
          autoFocus
          autoComplete="nickname"
          maxLength={MAX_NAME_LENGTH}
          placeholder="e.g. Ada Lovelace"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "name-error" : undefined}
          onChange={(event) => setValue(event.target.value)}
        />
        {error ? (
          <p id="name-error" className="welcome-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={!name || busy}>
          {room ? "Join the chat" : "See the rooms"}
        </button>
        {onCancel ? (
          <button type="button" className="link center" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <p className="welcome-foot">
          {room
            ? "Anyone with the link can join this room."
            : "Browse public rooms or create your own."}
        </p>
      </form>
    </main>
  );
}
