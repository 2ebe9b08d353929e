// The room's sockets by tag, kept until a socket arrives or leaves. Each `getWebSockets(tag)`
// builds a fresh array of every socket with the tag; fan-out asked once per message per dialect,
// which was 11% of a 10-sender flood into 5,000 sockets (`npx tsx bench/profile.ts --n 5000
// --senders 10`). Between arrivals and leaves the answer cannot change, so it is kept.
import { socketsOfUser } from "./fan-out.js";

export class SocketIndex {
  private readonly byTag = new Map<string, readonly WebSocket[]>();

  constructor(private readonly ctx: DurableObjectState) {}

  /** Every socket with `tag`. Shared: never change the array. */
  of(tag: string): readonly WebSocket[] {
    let sockets = this.byTag.get(tag);
    if (!sockets) {
      sockets = this.ctx.getWebSockets(tag);
      this.byTag.set(tag, sockets);
    }
    return sockets;
  }

  /** One user's sockets, asked anew each time (a direct message's few, not worth keeping). */
  ofUser(user: string): WebSocket[] {
    return socketsOfUser(this.ctx, user);
  }

  /** A socket was accepted or left: every list is asked anew. */
  changed(): void {
    this.byTag.clear();
  }
}
