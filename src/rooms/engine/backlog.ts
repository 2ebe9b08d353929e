// How far behind each socket may be. The Workers runtime gives no signal at all about a socket's
// outgoing buffer (no `bufferedAmount`, and `send()` never pushes back: workerd issue #988), so a
// client that stops reading makes workerd buffer everything sent to it, without bound. The room
// therefore keeps its own account of what each socket has not yet shown it read, and closes a
// socket with 4008 "Too far behind" past either bound:
// - bytes sent since the socket's last inbound frame (or the runtime's auto-answered ping): in
//   every dialect, since none has a receipt; it catches a client that stopped reading and speaking;
// - Parlor messages sent after the last seq the client reported in a receipt (`ping` with `seq`):
//   only for sockets that sent a receipt; it catches a client that still speaks but lags.
// The accounts live in memory: when the object is evicted, a socket's count starts again at zero,
// which only ever makes the bound later, never wrong.

export interface BacklogLimits {
  /** Bytes (UTF-16 code units, as sent) since the last inbound frame before a socket is closed. */
  unheardBytes: number;
  /** Messages after the last receipt before a receipting socket is closed. */
  unreadMessages: number;
}

interface Account {
  backlog: Backlog;
  /** Characters sent since the socket last spoke. */
  unheard: number;
  /** When the socket last spoke (to compare with the runtime's auto-answered pings). */
  heardAt: number;
  /** Whether this socket sends receipts; only then does `unread` count. */
  receipts: boolean;
  /** Seqs of the messages sent since the last receipt, oldest first. */
  unread: number[];
  /** The socket is already being closed. */
  behind: boolean;
}

/** Per socket, across every room in this isolate: `sendTo` has only the socket in hand. */
const accounts = new WeakMap<WebSocket, Account>();

export class Backlog {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly limits: BacklogLimits,
    /** Closes a socket that fell too far behind. */
    private readonly onBehind: (ws: WebSocket) => void,
  ) {
    // Sockets the runtime kept while the object slept start with a clean account.
    for (const ws of ctx.getWebSockets()) this.watch(ws);
  }

  /** When the runtime last answered this socket's ping by itself, without waking us (0: never). */
  private autoPingAt(ws: WebSocket): number {
    return this.ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0;
  }

  /** Starts an account for a socket (on accept, or on waking for those the runtime kept). */
  watch(ws: WebSocket): void {
    if (accounts.get(ws)?.backlog === this) return;
    const account = { unheard: 0, heardAt: Date.now(), receipts: false, unread: [] };
    accounts.set(ws, { ...account, backlog: this, behind: false });
  }

  /** The socket sent a frame: it is alive, so what was sent to it so far no longer counts. */
  heard(ws: WebSocket): void {
    const account = accounts.get(ws);
    if (!account) return;
    account.unheard = 0;
    account.heardAt = Date.now();
  }

  /** The socket reports it has processed every message up to `seq`. */
  receipt(ws: WebSocket, seq: number): void {
    const account = accounts.get(ws);
    if (!account) return;
    account.receipts = true;
    let read = 0;
    while (read < account.unread.length && account.unread[read]! <= seq) read++;
    account.unread.splice(0, read);
  }

  private sent(ws: WebSocket, account: Account, chars: number, seq: number | undefined): void {
    account.unheard += chars;
    if (seq !== undefined && account.receipts) account.unread.push(seq);
    if (account.unheard > this.limits.unheardBytes && this.autoPingAt(ws) > account.heardAt) {
      this.heard(ws); // it pinged, and the runtime answered without waking us
    }
    const tooMuch =
      account.unheard > this.limits.unheardBytes ||
      account.unread.length > this.limits.unreadMessages;
    if (!tooMuch) return;
    account.behind = true;
    account.unread = [];
    // After the fan-out in progress, so every other socket gets this frame before the leave.
    queueMicrotask(() => this.onBehind(ws));
  }

  /**
   * Counts a frame about to be sent to a socket (`seq` when it carries a room message). False:
   * the socket is already too far behind and being closed, so the frame is not sent; the close
   * waits for the batch in progress, which must not keep feeding it.
   */
  static count(ws: WebSocket, frame: string, seq?: number): boolean {
    const account = accounts.get(ws);
    if (!account) return true;
    if (account.behind) return false;
    account.backlog.sent(ws, account, frame.length, seq);
    return true;
  }
}
