// Sending one frame to many sockets, each frame rendered per socket when it must be.
import { type Connection, connectionOf, sendTo, Tag } from "./connection.js";

/** A frame for one socket, rendered from its connection (e.g. in its own dialect), or none. */
export type FrameFor<State> = string | ((conn: Connection<State>) => string | null);

/** Sends to each socket but `except`; returns how many got it. `seq`: a room message's. */
export function sendEach<State>(
  sockets: readonly WebSocket[],
  frame: FrameFor<State>,
  except?: WebSocket | null,
  seq?: number,
): number {
  let delivered = 0;
  for (const ws of sockets) {
    if (ws === except) continue;
    const conn = typeof frame === "string" ? null : connectionOf<State>(ws);
    const text = typeof frame === "string" ? frame : conn && frame(conn);
    if (text && sendTo(ws, text, seq)) delivered++;
  }
  return delivered;
}

/**
 * Sockets of one user. The runtime fixes tags at accept, so a socket identified later keeps
 * its `unnamedAtConnect` tag instead of a user tag: those few are matched by attachment.
 */
export function socketsOfUser(ctx: DurableObjectState, user: string): WebSocket[] {
  const late = ctx
    .getWebSockets(Tag.unnamedAtConnect)
    .filter((ws) => connectionOf(ws)?.user === user);
  return [...ctx.getWebSockets(Tag.user(user)), ...late];
}
