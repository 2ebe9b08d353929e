// Shown once after creating a room: the owner key, kept only in this browser, with a copy button
// and the plain warning that losing it loses owner rights.
import { useEffect, useId, useState } from "react";
import { isPlainClick, joinRoom, roomUrl } from "./navigation.js";

export function OwnerKeyCard({
  name,
  ownerKey,
  hasPassword,
  onCreateAnother,
}: {
  name: string;
  ownerKey: string;
  hasPassword: boolean;
  onCreateAnother(): void;
}) {
  const id = useId();
  const [copied, setCopied] = useState<"yes" | "no">();
  useEffect(() => {
    if (copied !== "yes") return;
    const timer = setTimeout(() => setCopied(undefined), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(ownerKey);
      setCopied("yes");
    } catch {
      // No clipboard (plain http on another host): the key is selected for a manual copy.
      (document.getElementById(`${id}-key`) as HTMLInputElement | null)?.select();
      setCopied("no");
    }
  };

  return (
    <section className="lobby-card created" aria-labelledby={`${id}-heading`}>
      <p className="created-check" aria-hidden="true">
        ✓
      </p>
      <h2 id={`${id}-heading`}>
        <span className="room-name">#{name}</span> is ready
      </h2>
      <p className="lobby-sub">
        {hasPassword ? "Password protected. " : ""}You are its owner: you can remove messages, kick
        and ban people, and delete the room.
      </p>
      <label htmlFor={`${id}-key`}>Owner key</label>
      <div className="key-row">
        <input
          id={`${id}-key`}
          className="key"
          readOnly
          value={ownerKey}
          data-testid="owner-key"
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="ghost" onClick={() => void copy()}>
          {copied === "yes" ? "Copied!" : "Copy"}
        </button>
      </div>
      <p className="key-warning" role="note">
        <strong>This key is kept only in this browser.</strong> If you clear this browser’s data or
        switch to another browser or device, you lose owner rights to #{name}: there is no way to
        recover them. Copy the key somewhere safe.
      </p>
      {copied === "no" ? (
        <p className="field-hint" role="status">
          The clipboard is not available here: the key is selected, copy it by hand.
        </p>
      ) : null}
      <a
        className="primary as-button"
        href={roomUrl(name)}
        // biome-ignore lint/a11y/noAutofocus: the next step after creating
        autoFocus
        onClick={(event) => {
          if (!isPlainClick(event)) return;
          event.preventDefault();
          joinRoom(name);
        }}
      >
        Enter #{name}
      </a>
      <button type="button" className="link center" onClick={onCreateAnother}>
        Create another room
      </button>
    </section>
  );
}
