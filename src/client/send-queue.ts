// Messages sent and not yet acknowledged, keyed by clientId: sent in order with at most
// `maxInFlight` awaiting their ack, resent after every welcome (the server acks a stored
// clientId as a duplicate instead of storing it twice), paused when the rate limit refuses one.
import type { ClientDirect, ClientMessage, ServerAck, ServerError } from "../protocol/parlor.js";
import type * as z from "../protocol/zod.js";
import { ParlorClientError } from "./options.js";

export type Outgoing = (z.infer<typeof ClientMessage> | z.infer<typeof ClientDirect>) & {
  clientId: string;
};

interface PendingSend {
  frame: Outgoing;
  /** Sent on the current connection and not yet acknowledged. */
  inFlight: boolean;
  resolve: (ack: ServerAck) => void;
  reject: (error: Error) => void;
}

export class SendQueue {
  private readonly pending = new Map<string, PendingSend>();
  /** Set while the server's rate limit asks us to pause sending. */
  private pauseTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly maxQueue: number,
    private readonly maxInFlight: number,
    /** Sends one frame now; false when the connection is not open. */
    private readonly transmit: (frame: Outgoing) => boolean,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  add(frame: Outgoing): Promise<ServerAck> {
    if (this.pending.size >= this.maxQueue) {
      return Promise.reject(
        new ParlorClientError("queue_full", "too many unacknowledged messages"),
      );
    }
    return new Promise<ServerAck>((resolve, reject) => {
      this.pending.set(frame.clientId, { frame, resolve, reject, inFlight: false });
      this.pump();
    });
  }

  acked(ack: ServerAck): void {
    const entry = ack.clientId ? this.pending.get(ack.clientId) : undefined;
    if (!entry || !ack.clientId) return;
    this.pending.delete(ack.clientId);
    entry.resolve(ack);
    this.pump();
  }

  /** An error frame: rejects the message it names, or pauses on a rate limit. */
  refused(error: ServerError): void {
    const entry = error.clientId ? this.pending.get(error.clientId) : undefined;
    if (entry && error.clientId && error.code !== "rate_limited") {
      this.pending.delete(error.clientId);
      entry.reject(new ParlorClientError(error.code, error.message));
      this.pump();
    } else if (error.code === "rate_limited" && this.pending.size > 0) {
      // The refused frame is not named: pause for a second (the bucket refills), then resend
      // everything unacknowledged (safe: the server de-duplicates by clientId).
      clearTimeout(this.pauseTimer);
      this.pauseTimer = setTimeout(() => {
        this.pauseTimer = undefined;
        this.resendAll();
      }, 1000);
    }
  }

  /** After a (re)connect or a rate-limit pause: everything unacknowledged is due again. */
  resendAll(): void {
    for (const entry of this.pending.values()) entry.inFlight = false;
    this.pump();
  }

  failAll(error: Error): void {
    clearTimeout(this.pauseTimer);
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }

  /** Sends queued messages in order while fewer than `maxInFlight` await their ack. */
  private pump(): void {
    if (this.pauseTimer !== undefined) return;
    let inFlight = 0;
    for (const entry of this.pending.values()) {
      if (entry.inFlight) inFlight += 1;
    }
    for (const entry of this.pending.values()) {
      if (inFlight >= this.maxInFlight) return;
      if (entry.inFlight) continue;
      if (!this.transmit(entry.frame)) return;
      entry.inFlight = true;
      inFlight += 1;
    }
  }
}
