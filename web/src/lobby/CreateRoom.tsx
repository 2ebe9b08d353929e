// Create a room: an optional name (checked like the server checks it), public or private, an
// optional password. On 201 the owner key is kept in this browser and shown once, plainly.
import { useId, useState } from "react";
import { MIN_PASSWORD_LENGTH, ROOM_NAME } from "../../../src/protocol/limits.js";
import { rememberOwnerKey } from "../rooms/owner-keys.js";
import { OwnerKeyCard } from "./OwnerKeyCard.js";
import { describeFailure, type RoomsApi, RoomsApiError } from "./rooms-api.js";

const MAX_PASSWORD_LENGTH = 256;

type Visibility = "public" | "private";

interface Created {
  name: string;
  ownerKey: string;
  hasPassword: boolean;
}

function nameProblem(name: string): string | undefined {
  if (!name || ROOM_NAME.test(name)) return undefined;
  if (name.length > 64) return "At most 64 characters.";
  return "Letters, digits, “-”, “_” and “.” only, starting with a letter or digit.";
}

function passwordProblem(password: string): string | undefined {
  if (!password) return undefined;
  if (password.length < MIN_PASSWORD_LENGTH) return `At least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `At most ${MAX_PASSWORD_LENGTH} characters.`;
  return undefined;
}

export function CreateRoom({ api }: { api: RoomsApi }) {
  const id = useId();
  const [name, setName] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("public");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; existing?: string }>();
  const [created, setCreated] = useState<Created>();

  if (created) return <OwnerKeyCard {...created} onCreateAnother={() => setCreated(undefined)} />;

  const trimmed = name.trim();
  const badName = nameProblem(trimmed);
  const badPassword = passwordProblem(password);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const room = await api.create({
        name: trimmed || undefined,
        visibility,
        password: password || undefined,
      });
      rememberOwnerKey(room.name, room.ownerKey);
      setCreated({ name: room.name, ownerKey: room.ownerKey, hasPassword: room.hasPassword });
      setName("");
      setPassword("");
    } catch (failure) {
      if (failure instanceof RoomsApiError && failure.status === 409) {
        setError({
          text: `A room named “${trimmed}” already exists. Pick another name, or join it.`,
          existing: trimmed,
        });
      } else if (failure instanceof RoomsApiError && failure.status === 400) {
        setError({ text: `The server refused this room: ${failure.message}.` });
      } else {
        setError({ text: describeFailure(failure, "Could not create the room") });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="lobby-card create" aria-labelledby={`${id}-heading`}>
      <form
        className="create-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!badName && !badPassword && !busy) void submit();
        }}
      >
        <h2 id={`${id}-heading`}>Create a room</h2>
        <label htmlFor={`${id}-name`}>
          Room name <span className="optional">optional</span>
        </label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={80}
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. design-team"
          aria-invalid={badName ? true : undefined}
          aria-describedby={`${id}-name-hint`}
          onChange={(event) => setName(event.target.value)}
        />
        <p id={`${id}-name-hint`} className={`field-hint ${badName ? "bad" : ""}`}>
          {badName ?? "1–64 letters, digits, “-”, “_” or “.”. Empty: a random name."}
        </p>

        <fieldset className="visibility">
          <legend>Who can find it</legend>
          <Choice
            group={`${id}-visibility`}
            value="public"
            chosen={visibility}
            title="Public"
            detail="Listed in the directory"
            onChoose={setVisibility}
          />
          <Choice
            group={`${id}-visibility`}
            value="private"
            chosen={visibility}
            title="Private"
            detail="Only people with the link"
            onChoose={setVisibility}
          />
        </fieldset>

        <label htmlFor={`${id}-password`}>
          Password <span className="optional">optional</span>
        </label>
        <input
          id={`${id}-password`}
          type="password"
          value={password}
          autoComplete="new-password"
          maxLength={MAX_PASSWORD_LENGTH + 1}
          placeholder="Leave empty for an open room"
          aria-invalid={badPassword ? true : undefined}
          aria-describedby={`${id}-password-hint`}
          onChange={(event) => setPassword(event.target.value)}
        />
        <p id={`${id}-password-hint`} className={`field-hint ${badPassword ? "bad" : ""}`}>
          {badPassword ?? "Everyone who joins must type it. 4–256 characters."}
        </p>

        {error ? (
          <p className="lobby-error" role="alert">
            {error.text}{" "}
            {error.existing ? (
              <a href={`/?room=${encodeURIComponent(error.existing)}`}>Join #{error.existing}</a>
            ) : null}
          </p>
        ) : null}
        <button
          type="submit"
          className="primary"
          disabled={busy || Boolean(badName) || Boolean(badPassword)}
        >
          {busy ? "Creating…" : "Create room"}
        </button>
      </form>
    </section>
  );
}

function Choice(props: {
  group: string;
  value: Visibility;
  chosen: Visibility;
  title: string;
  detail: string;
  onChoose(value: Visibility): void;
}) {
  const checked = props.value === props.chosen;
  return (
    <label className={`choice ${checked ? "chosen" : ""}`}>
      <input
        type="radio"
        name={props.group}
        value={props.value}
        checked={checked}
        onChange={() => props.onChoose(props.value)}
      />
      <span>
        <strong>{props.title}</strong>
        <small>{props.detail}</small>
      </span>
    </label>
  );
}
