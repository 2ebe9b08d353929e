// A modal question before a destructive action: the native <dialog> (focus kept inside, Escape
// cancels), the safe choice focused first.
import { type ReactNode, useEffect, useRef, useState } from "react";

export interface ConfirmRequest {
  title: string;
  body?: ReactNode;
  confirm: string;
  /** Runs the action; the dialog stays open (busy) until it settles. */
  onConfirm(): Promise<unknown>;
}

export function ConfirmDialog({
  request,
  onClose,
}: {
  request: ConfirmRequest | undefined;
  onClose(): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (request && !el.open) el.showModal();
    if (!request && el.open) el.close();
  }, [request]);

  const confirm = async () => {
    if (!request) return;
    setBusy(true);
    try {
      await request.onConfirm();
    } finally {
      setBusy(false);
      onClose();
    }
  };

  return (
    <dialog
      ref={dialog}
      className="confirm"
      aria-labelledby="confirm-title"
      onClose={onClose}
      onCancel={onClose}
    >
      {request ? (
        <form method="dialog" onSubmit={(event) => event.preventDefault()}>
          <h2 id="confirm-title">{request.title}</h2>
          {request.body ? <div className="confirm-body">{request.body}</div> : null}
          <div className="confirm-actions">
            {/* biome-ignore lint/a11y/noAutofocus: a dialog focuses its safe choice first */}
            <button type="button" className="secondary" autoFocus onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
              {busy ? "Working…" : request.confirm}
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
