// The connection, said plainly: connected, reconnecting in N s (with "Retry now"), or offline.
import type { Connection } from "./chat-store.js";
import { useTicker } from "./hooks.js";

export type Status = "connected" | "connecting" | "reconnecting" | "offline" | "closed";

export function statusOf(connection: Connection, online: boolean): Status {
  if (connection.state === "open") return "connected";
  if (connection.state === "closed") return "closed";
  if (!online) return "offline";
  return connection.state;
}

const LABEL: Record<Status, string> = {
  connected: "Connected",
  connecting: "Connecting…",
  reconnecting: "Reconnecting…",
  offline: "Offline",
  closed: "Disconnected",
};

export function StatusPill({ status }: { status: Status }) {
  return (
    <span className={`status-pill ${status}`} data-status={status} title={LABEL[status]}>
      <span className="status-dot" aria-hidden="true" />
      <span className="status-label">{LABEL[status]}</span>
    </span>
  );
}

export function StatusBanner({
  connection,
  online,
  queued,
  onRetryNow,
}: {
  connection: Connection;
  online: boolean;
  queued: number;
  onRetryNow(): void;
}) {
  const status = statusOf(connection, online);
  const retryAt = connection.state === "reconnecting" ? connection.retryAt : undefined;
  const now = useTicker(retryAt !== undefined);
  if (status === "connected" || status === "connecting") return null;
  const waiting =
    queued > 0
      ? ` ${queued === 1 ? "1 message" : `${queued} messages`} will be sent when it is back.`
      : "";
  let text: string;
  if (status === "offline") text = `You are offline.${waiting}`;
  else if (status === "closed")
    text = `Disconnected${connection.state === "closed" && connection.reason ? `: ${connection.reason}` : ""}.`;
  else if (retryAt !== undefined && retryAt > now)
    text = `Connection lost. Reconnecting in ${Math.ceil((retryAt - now) / 1000)} s.${waiting}`;
  else text = `Connection lost. Reconnecting now…${waiting}`;
  return (
    <div className={`banner ${status}`} role="status">
      <span>{text}</span>
      {status === "reconnecting" || status === "offline" ? (
        <button type="button" className="banner-action" onClick={onRetryNow}>
          Retry now
        </button>
      ) : null}
      {status === "closed" ? (
        <button type="button" className="banner-action" onClick={() => location.reload()}>
          Reload
        </button>
      ) : null}
    </div>
  );
}
