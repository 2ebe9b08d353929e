// The owner's per-message and per-person actions, each behind a confirm that says what happens.
import type { HistoryEntry } from "../../../src/client/index.js";
import type { ConfirmRequest } from "./ConfirmDialog.js";
import { senderOf } from "./conversations.js";
import type { Owner } from "./use-owner.js";

export interface Moderation {
  onRemove(entry: HistoryEntry): void;
  onKick(name: string): void;
  onBan(name: string): void;
}

export function moderation(
  room: string,
  owner: Owner,
  confirm: (request: ConfirmRequest) => void,
  onBanned: () => void,
): Moderation {
  const { run } = owner;
  return {
    onRemove: (entry) =>
      confirm({
        title: "Remove this message?",
        body: (
          <>
            <blockquote className="confirm-quote">
              <strong>{senderOf(entry)}:</strong> {entry.message}
            </blockquote>
            <p>It disappears for everyone, from history and from search.</p>
          </>
        ),
        confirm: "Remove message",
        onConfirm: () => run((api, key) => api.removeMessage(room, entry.seq, key)),
      }),
    onKick: (name) =>
      confirm({
        title: `Kick ${name}?`,
        body: (
          <p>
            {name} is disconnected from #{room} and told so. They may join again.
          </p>
        ),
        confirm: `Kick ${name}`,
        onConfirm: () => run((api, key) => api.kick(room, name, key)),
      }),
    onBan: (name) =>
      confirm({
        title: `Ban ${name} from #${room}?`,
        body: (
          <p>
            {name} is disconnected and cannot come back, from any tab or app, until you unban them.
          </p>
        ),
        confirm: `Ban ${name}`,
        onConfirm: async () => {
          if (await run((api, key) => api.ban(room, name, key))) onBanned();
        },
      }),
  };
}
