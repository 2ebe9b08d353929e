// The owner's corner of the sidebar: a plain word about the owner key, who is banned (with
// "Unban"), and deleting the room. Kick and ban sit next to each person (Sidebar.tsx); removing a
// message next to each message (Timeline.tsx).
import { useCallback, useEffect, useState } from "react";
import { forgetOwnerKey } from "../rooms/owner-keys.js";
import type { ConfirmRequest } from "./ConfirmDialog.js";
import { Icon } from "./Icon.js";
import type { Owner } from "./use-owner.js";

export interface OwnerPanelProps {
  room: string;
  owner: Owner;
  /** Bumped after a ban, so the list is fetched again. */
  bansVersion: number;
  onConfirm(request: ConfirmRequest): void;
}

export function OwnerPanel({ room, owner, bansVersion, onConfirm }: OwnerPanelProps) {
  const [bans, setBans] = useState<readonly string[]>();
  const { run } = owner;
  const refresh = useCallback(
    () =>
      run(async (api, key) => {
        const { bans: found } = await api.bans(room, key);
        setBans(found);
      }),
    [run, room],
  );
  useEffect(() => {
    void refresh();
  }, [refresh, bansVersion]);

  const unban = (name: string) =>
    run(async (api, key) => {
      await api.unban(room, name, key);
      setBans((list) => list?.filter((n) => n !== name));
    });

  return (
    <section className="owner-panel" aria-labelledby="owner-heading">
      <h2 className="nav-heading owner-heading" id="owner-heading">
        <Icon name="key" size={13} /> You own this room
      </h2>
      <p className="owner-note">
        Your owner key lives only in this browser. Losing it (clearing site data, another browser)
        loses your owner rights for good.
      </p>
      <h3 className="owner-sub">Banned</h3>
      {bans === undefined ? (
        <p className="nav-empty">Loading…</p>
      ) : bans.length === 0 ? (
        <p className="nav-empty">Nobody is banned.</p>
      ) : (
        <ul className="ban-list" aria-label="Banned people">
          {bans.map((name) => (
            <li key={name}>
              <span className="nav-label">{name}</span>
              <button
                type="button"
                className="link"
                aria-label={`Unban ${name}`}
                onClick={() => void unban(name)}
              >
                Unban
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="delete-room"
        onClick={() =>
          onConfirm({
            title: `Delete #${room}?`,
            body: (
              <p>
                Everyone in <strong>#{room}</strong> is disconnected, and all its messages, bans and
                its password are erased. This cannot be undone.
              </p>
            ),
            confirm: `Delete #${room}`,
            onConfirm: () =>
              run(async (api, key) => {
                await api.deleteRoom(room, key);
                // The room erased its key: it will never work again.
                forgetOwnerKey(room);
              }),
          })
        }
      >
        <Icon name="trash" size={15} /> Delete room
      </button>
    </section>
  );
}
