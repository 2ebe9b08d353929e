// What the harness asks of the load generator: one server, one room, phases in order.
// The generator runs in its own process (bench/load/main.ts) and prints one JSON line per phase.
import type { Dialect } from "./connection.js";

export type Phase =
  /** Opens `n` sockets (at most `concurrency` handshakes at once), then idles `settleSeconds`. */
  | { kind: "connect"; concurrency: number; settleSeconds: number }
  /**
   * `senders` sockets flood (bounded by a window); deliveries/s over `seconds` after a warm-up,
   * or longer, until the window holds `minMessages` messages' worth of deliveries (default 3).
   */
  | {
      kind: "saturate";
      senders: number;
      seconds: number;
      warmupSeconds: number;
      minMessages?: number;
    }
  /** A fixed offered load, in deliveries/s, from one sender; latency read from probes. */
  | { kind: "latency"; deliveriesPerSecond: number; seconds: number; warmupSeconds: number }
  /**
   * `count` rooms of `n` sockets, one after another (`{b}` in `path` becomes the burst's index),
   * each joined like `connect` after `settleSeconds` of quiet. Every socket stays open until the
   * generator exits, so no emptied room is evicted (a stall of the server's thread) mid-burst.
   */
  | { kind: "bursts"; path: string; n: number; count: number; settleSeconds: number }
  /**
   * `count` messages (default 1) from one socket, each sent once the one before reached every
   * socket; the time each took until every socket had it.
   */
  | { kind: "broadcast"; count?: number }
  /** Parlor only: sockets leave, miss `missed` messages, come back with `since` and catch up. */
  | { kind: "resume"; clients: number; missed: number };

export interface Plan {
  host: string;
  port: number;
  /** Path of each socket; `{i}` becomes its index (Parlor needs one name per user). */
  path: string;
  dialect: Dialect;
  n: number;
  /** Processes whose CPU and memory are the server's: each root and all its descendants. */
  serverPids: number[];
  /** Sockets that time latency (they read the timestamp in what they receive). */
  probes: number;
  /** Bytes of each frame a raw room relays (100 unless told: ServerKind.frameBytes). */
  rawFrameBytes?: number;
  phases: Phase[];
}

/** Every phase's result shares these: what the server and the generator itself used. */
export interface Usage {
  seconds: number;
  serverCpuPercent: number;
  clientCpuPercent: number;
  serverRssMiB: number;
}

export interface LatencyStats {
  samples: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * Each message's first delivery (the earliest any probe heard it), over the messages timed. When
 * their p99 is near every delivery's, the tail is messages that reached no one in time (the
 * server stalled), not the last sockets of a fan-out.
 */
export interface FirstDeliveries {
  messages: number;
  p99: number | null;
  /** The slowest few: when each was sent (ms into the timed window) and its first delivery (ms). */
  slowest: { atMs: number; firstMs: number }[];
}
