// Joins and leaves go out one by one in ordinary rooms. In large ones that traffic grows with
// the square of the room, so the room's alarm sends one count a second instead.
import { LIVE_PRESENCE_MAX } from "../../protocol/limits.js";
import type { Presence } from "../engine/presence.js";
import type { ChatEvent } from "./events.js";

export class PresenceAnnouncer {
  /** Last count sent in a summary (a cache: losing it costs one extra summary). */
  private summarizedCount = -1;

  constructor(
    private readonly presence: Presence,
    private readonly emit: (event: ChatEvent, except?: WebSocket) => void,
    private readonly wakeAt: (at: number) => void,
  ) {}

  announce(event: ChatEvent, joiner?: WebSocket): void {
    if (this.presence.userCount <= LIVE_PRESENCE_MAX) {
      this.emit(event, joiner);
      return;
    }
    this.wakeAt(Date.now() + 1000);
  }

  /** From the room's alarm. */
  summarize(): void {
    const count = this.presence.userCount;
    if (count > LIVE_PRESENCE_MAX && count !== this.summarizedCount) {
      this.summarizedCount = count;
      this.emit({ kind: "presence", count });
    }
  }
}
