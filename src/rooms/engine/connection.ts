// What the engine knows about one socket. It lives in the socket's attachment, so it survives
// hibernation: after the object is evicted and woken, nothing here is lost.
import { Backlog } from "./backlog.js";

export interface Connection<State = Record<string, never>> {
  /** Unique per socket. */
  id: string;
  /** Who is on the other end; undefined until the room kind learns it (seed 002's `join`). */
  user?: string;
  /**
   * Secure mode: the verified token's subject (stable per person; `user` is its display name).
   * Per-user rate buckets and acks' de-duplication key on it.
   */
  subject?: string;
  /** A stand-in name many people share (seed 003's "anonymous"): no user bucket or limit. */
  sharedUser?: true;
  joinedAt: number;
  /** Last time a frame arrived (coarse: refreshed at most every few seconds). */
  lastSeen: number;
  /** The per-IP connection lease the Worker took for this socket (rooms/gate/lease.ts). */
  lease?: string;
  /** The room kind's own per-socket state (kept tiny: attachments are limited to 2 KiB). */
  state: State;
  /**
   * Set once the room has announced this socket as gone. Kept here, not in memory: a close that
   * follows an error (or the room's own close of a silent socket) may reach a woken instance.
   */
  gone?: boolean;
}

export const Tag = {
  all: "all",
  user: (user: string) => `u:${user}`,
  /** Sockets that had no user at connect: tags are fixed at accept, so a later identity is not a tag. */
  unnamedAtConnect: "unnamed",
} as const;

/**
 * Each socket's connection as last written, so a frame does not deserialize the attachment
 * again (2% of the room thread in a ten-sender flood at N=100, `npx tsx bench/profile.ts --n 100
 * --senders 10`). The attachment stays the source of truth: whatever the runtime wakes with
 * (new socket objects) is read from it.
 */
const written = new WeakMap<WebSocket, Connection<unknown>>();

export function connectionOf<State>(ws: WebSocket): Connection<State> | null {
  const kept = written.get(ws);
  if (kept) return kept as Connection<State>;
  try {
    const conn = (ws.deserializeAttachment() as Connection<State> | null) ?? null;
    if (conn) written.set(ws, conn);
    return conn;
  } catch {
    return null;
  }
}

/**
 * Writes a socket's connection to its attachment (throws when it cannot: too large, closed).
 * The only writer: a direct `serializeAttachment` would leave `connectionOf` answering the old one.
 */
export function writeConnection<State>(ws: WebSocket, conn: Connection<State>): void {
  try {
    ws.serializeAttachment(conn);
  } catch (error) {
    // What a caller changed before a failed write is not kept: the next read is the attachment.
    written.delete(ws);
    throw error;
  }
  written.set(ws, conn);
}

/** Forgets what was written to these sockets, as a woken object has (tests imitate a wake). */
export function forgetConnections(sockets: Iterable<WebSocket>): void {
  for (const ws of sockets) written.delete(ws);
}

/**
 * Sends without throwing: a socket may close between listing it and sending to it. Counted
 * against the socket's backlog; `seq` when the frame carries a room message.
 */
export function sendTo(ws: WebSocket, frame: string, seq?: number): boolean {
  try {
    if (!Backlog.count(ws, frame, seq)) return false;
    ws.send(frame);
    return true;
  } catch {
    return false;
  }
}

/** Saves a socket's attachment; one closed for good gets no further events, so none is needed. */
export function saveConnection<State>(ws: WebSocket, conn: Connection<State>): void {
  try {
    writeConnection(ws, conn);
  } catch {
    // closed for good
  }
}

/** Refreshes lastSeen, coarsely, so idle cleanup sees activity without a write per frame. */
export function touch<State>(ws: WebSocket, conn: Connection<State>, idleTimeoutMs: number): void {
  const now = Date.now();
  if (now - conn.lastSeen < Math.min(5_000, idleTimeoutMs / 4)) return;
  conn.lastSeen = now;
  saveConnection(ws, conn);
}
