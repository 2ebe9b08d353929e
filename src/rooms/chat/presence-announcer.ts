// Joins and leaves, announced to everyone present. Two things keep that traffic from growing
// with the square of the room:
// - Events go out together once 50 ms pass with no new one, or 250 ms after the first at most.
//   When many users arrive at once (a reconnect storm, a class opening a link), each socket gets
//   one frame for all of them instead of one per arrival (a Parlor `batch`; dialects without one
//   get each frame). Anything else the room sends flushes them first, so the wait never
//   reorders what a socket hears.
// - In large rooms, a timer sends a count instead: once a second, and less often in
//   rooms over 1,000 users, so that the counts stay near 1,000 frames a second however large
//   the room (a room of 5,000 hears one every 5 s).
import { LIVE_PRESENCE_MAX } from "../../protocol/limits.js";
import type { Presence } from "../engine/presence.js";
import type { ChatEvent } from "./events.js";

/**
 * How long joins and leaves wait for another one. Batched per turn, a member heard the joins of
 * a 100-socket burst (`loadgen.cjs --n 100`) in 12 frames; in fixed 50 ms windows, in 3 (each a
 * frame to everyone present, so a storm still cost the room about twice its size in frames).
 * Waiting for a quiet 50 ms sends one frame per socket for a burst shorter than
 * BATCH_MAX_WAIT_MS.
 */
const BATCH_QUIET_MS = 50;
/** A steady stream of arrivals still shows up this often; below what a person would notice. */
const BATCH_MAX_WAIT_MS = 250;
/** Shortest time between two presence counts. */
const SUMMARY_INTERVAL_MS = 1000;

type PresenceEvent = Extract<ChatEvent, { kind: "join" | "leave" }>;

export class PresenceAnnouncer {
  /** Last count sent in a summary, and when (a cache: losing it costs one extra summary). */
  private summarizedCount = -1;
  private summarizedAt = 0;
  /** Joins and leaves not yet sent, in order. */
  private pending: PresenceEvent[] = [];
  /**
   * Sockets that arrived while events were pending, with how many of them the socket already
   * knows (its welcome lists who was here; its own join is not news to it).
   */
  private seen = new Map<WebSocket, number>();
  /** When the oldest and the newest pending event came. */
  private firstAt = 0;
  private lastAt = 0;
  private scheduled = false;
  /** A count summary is asked for already (`wakeAt`). */
  private summaryAsked = false;

  constructor(
    private readonly presence: Presence,
    /** Sends events to every socket, each from its `seen` mark on (render.ts emitPresence). */
    private readonly send: (events: ChatEvent[], seen: ReadonlyMap<WebSocket, number>) => void,
    /** Sends one event to every socket now (the count summary). */
    private readonly emit: (event: ChatEvent) => void,
    private readonly wakeAt: (at: number) => void,
  ) {}

  /** One that announces nothing (the benchmark's `BENCH_DISABLE=presence`). */
  static silent(presence: Presence): PresenceAnnouncer {
    const nothing = () => {};
    return new PresenceAnnouncer(presence, nothing, nothing, nothing);
  }

  /**
   * A join or leave; `self`: the socket it is about, which does not hear it. A socket that was
   * here before the pending events (seed 002's late `join`) hears them first.
   */
  announce(event: PresenceEvent, self?: WebSocket): void {
    if (self && (this.seen.get(self) ?? 0) !== this.pending.length) this.flush();
    if (this.presence.userCount <= LIVE_PRESENCE_MAX) {
      this.lastAt = Date.now();
      if (this.pending.push(event) === 1) this.firstAt = this.lastAt;
      this.schedule(BATCH_QUIET_MS);
    } else if (!this.summaryAsked) {
      // Once: each leave from a room of over 1,000 makes the count due a millisecond sooner
      // (moving the room's alarm each time, as this once did, cost about a quarter of a
      // millisecond a leave). Early or late by that much, the wake-up finds the count due or
      // asks again (summarize).
      this.summaryAsked = true;
      this.wakeAt(this.nextSummaryAt());
    }
    if (self) this.arrived(self);
  }

  /** A socket that knows the room as it is now (it was just greeted). */
  arrived(ws: WebSocket): void {
    if (this.pending.length > 0) this.seen.set(ws, this.pending.length);
  }

  /** Sends what is pending now; anything else the room sends must come after it. */
  flush(): void {
    if (this.pending.length === 0) return;
    const { pending, seen } = this;
    this.pending = [];
    this.seen = new Map();
    this.send(pending, seen);
  }

  /** When woken (`wakeAt`); returns when to be called again for a count not yet sent, or null. */
  summarize(now: number): number | null {
    this.summaryAsked = false;
    const count = this.presence.userCount;
    if (count <= LIVE_PRESENCE_MAX || count === this.summarizedCount) return null;
    const due = this.summaryDueAt();
    if (now < due) {
      this.summaryAsked = true;
      return due;
    }
    this.summarizedCount = count;
    this.summarizedAt = now;
    this.flush();
    this.emit({ kind: "presence", count });
    return null;
  }

  /** Each summary is a frame to everyone: one a second, or one per 1,000 users' worth of ms. */
  private summaryDueAt(): number {
    return this.summarizedAt + Math.max(SUMMARY_INTERVAL_MS, this.presence.userCount);
  }

  /** A count changed: summarize a second from now, or later if the last summary was recent. */
  private nextSummaryAt(): number {
    return Math.max(Date.now() + SUMMARY_INTERVAL_MS, this.summaryDueAt());
  }

  /** One timer at a time: a burst re-arms nothing per arrival, the timer looks again when due. */
  private schedule(ms: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      if (this.pending.length === 0) return;
      const due = Math.min(this.lastAt + BATCH_QUIET_MS, this.firstAt + BATCH_MAX_WAIT_MS);
      const now = Date.now();
      if (now < due) this.schedule(due - now);
      else this.flush();
    }, ms);
  }
}
