// What the client knows of its room: the epoch and newest sequence number (its resume point),
// the messages seen (each sequence number once, whether live or replayed), and who is here.
import type { HistoryEntry, ServerWelcome } from "../protocol/parlor.js";
import type { ServerJoin, ServerLeave, ServerPresence } from "./events.js";

export class RoomLog {
  epoch: string | undefined;
  /** The newest sequence number seen (the resume point). */
  seq = 0;
  entries: HistoryEntry[] = [];
  /** The last welcome, its users and count kept current by join, leave and presence. */
  welcome: ServerWelcome | undefined;

  constructor(private readonly maxLog: number) {}

  /** The query a reconnect carries to get exactly what it missed (none before a welcome). */
  resumeQuery(): { since: string; epoch: string } | null {
    return this.epoch === undefined ? null : { since: String(this.seq), epoch: this.epoch };
  }

  /** Takes a welcome in; returns the replayed entries that are new (a resume), else []. */
  welcomed(welcome: ServerWelcome): HistoryEntry[] {
    const resumed = welcome.resume === "ok" && welcome.epoch === this.epoch;
    this.epoch = welcome.epoch;
    this.welcome = welcome;
    let fresh: HistoryEntry[] = [];
    if (resumed) {
      // Exactly what we missed, in order; anything already seen is skipped.
      fresh = welcome.history.filter((entry) => this.add(entry));
    } else {
      // First connect, or a refused resume: the welcome's history replaces what we had.
      this.entries = welcome.history.slice(-this.maxLog);
    }
    this.seq = Math.max(resumed ? this.seq : 0, welcome.lastSeq);
    return fresh;
  }

  /** Keeps an entry unless its sequence number was seen; true when it is new. */
  add(entry: HistoryEntry): boolean {
    if (entry.seq <= this.seq) return false; // a replay overlapping the live stream
    this.seq = entry.seq;
    this.entries.push(entry);
    if (this.entries.length > this.maxLog) {
      this.entries.splice(0, this.entries.length - this.maxLog);
    }
    return true;
  }

  /** Drops a message the room's owner removed. */
  remove(seq: number): void {
    this.entries = this.entries.filter((entry) => entry.seq !== seq);
  }

  presence(frame: ServerJoin | ServerLeave | ServerPresence): void {
    if (!this.welcome) return;
    if (frame.type === "presence") {
      this.welcome = { ...this.welcome, count: frame.count };
      return;
    }
    const users = this.welcome.users.filter((u) => u !== frame.name);
    if (frame.type === "join") users.push(frame.name);
    this.welcome = { ...this.welcome, users, count: frame.count };
  }
}
