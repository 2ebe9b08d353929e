// The message box: Enter sends, Shift+Enter is a newline; tells the room while you type.
import { useEffect, useRef, useState } from "react";
import { MAX_TEXT_LENGTH } from "../../../src/protocol/limits.js";

/** A "typing" is re-sent this often while typing goes on, and cleared after this much quiet. */
const TYPING_REFRESH_MS = 3000;
const TYPING_IDLE_MS = 4000;

export interface ComposerProps {
  placeholder: string;
  onSend(text: string): void;
  onTyping(typing: boolean): void;
}

export function Composer({ placeholder, onSend, onTyping }: ComposerProps) {
  const [text, setText] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  const typing = useRef({
    sentAt: 0,
    idle: undefined as ReturnType<typeof setTimeout> | undefined,
  });

  const stopTyping = () => {
    clearTimeout(typing.current.idle);
    if (typing.current.sentAt > 0) onTyping(false);
    typing.current.sentAt = 0;
  };
  // Leaving the conversation (or the page) ends "typing".
  useEffect(() => stopTyping, []);

  // Grow with the text, up to a few lines.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);

  const change = (value: string) => {
    setText(value);
    if (!value.trim()) {
      stopTyping();
      return;
    }
    const now = Date.now();
    if (now - typing.current.sentAt > TYPING_REFRESH_MS) {
      typing.current.sentAt = now;
      onTyping(true);
    }
    clearTimeout(typing.current.idle);
    typing.current.idle = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const send = () => {
    const message = text.trim();
    if (!message) return;
    onSend(message);
    setText("");
    stopTyping();
  };

  const over = text.trim().length - MAX_TEXT_LENGTH;
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <textarea
        ref={box}
        value={text}
        rows={1}
        placeholder={placeholder}
        aria-label={placeholder}
        aria-describedby="composer-hint"
        onChange={(event) => change(event.target.value)}
        onBlur={stopTyping}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" className="send" aria-label="Send message" disabled={!text.trim()}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10.2 15 12 3.4 13.8z" fill="currentColor" />
        </svg>
      </button>
      <div id="composer-hint" className={`composer-hint ${over > 0 ? "over" : ""}`}>
        {over > 0
          ? `${over.toLocaleString()} characters over the ${MAX_TEXT_LENGTH.toLocaleString()} limit`
          : "Enter to send · Shift+Enter for a new line"}
      </div>
    </form>
  );
}
