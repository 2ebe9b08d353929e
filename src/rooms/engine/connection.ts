// What the engine knows about one socket. It lives in the socket's attachment, so it survives
// hibernation: after the object is evicted and woken, nothing here is lost.

export interface Connection {
  /** Unique per socket. */
  id: string;
  /** Who is on the other end; undefined until the dialect learns it (seed 002's `join`). */
  user?: string;
  /** Which wire protocol this socket speaks. */
  dialect: string;
  joinedAt: number;
  /** Last time a frame arrived (coarse: refreshed at most every few seconds). */
  lastSeen: number;
  /** Small dialect-specific extras (kept tiny: attachments are limited to 2 KiB). */
  extra?: Record<string, string | number | boolean>;
}

export const Tag = {
  all: "all",
  user: (user: string) => `u:${user}`,
  dialect: (dialect: string) => `d:${dialect}`,
} as const;

export function connectionOf(ws: WebSocket): Connection | null {
  try {
    return (ws.deserializeAttachment() as Connection | null) ?? null;
  } catch {
    return null;
  }
}

/** Sends without throwing: a socket may close between listing it and sending to it. */
export function sendTo(ws: WebSocket, frame: string): boolean {
  try {
    ws.send(frame);
    return true;
  } catch {
    return false;
  }
}
