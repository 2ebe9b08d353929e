// The load generator's first deliveries: each message's earliest delivery, so a report can tell
// a tail made of messages that reached no one in time (the server stalled) from the last
// sockets of a fan-out (docs/performance.md, "The pauses, collection by collection").
import { describe, expect, it } from "vitest";
import { firstDeliveries } from "../../bench/load/stats.js";

describe("bench/load/stats.ts firstDeliveries", () => {
  it("leaves out the warm-up and keeps the slowest in the order they were sent", () => {
    const from = 1_000_000;
    const first = new Map<number, number>([
      [from - 10, 99], // sent in the warm-up: not counted
      ...Array.from({ length: 200 }, (_, i) => [from + 10 * i, 1] as const),
    ]);
    first.set(from + 1_500, 11); // the stalls
    first.set(from + 500, 20.456);
    first.set(from + 1_000, 3);
    const result = firstDeliveries(first, from, 3);
    expect(result.messages).toBe(200);
    expect(result.slowest).toEqual([
      { atMs: 500, firstMs: 20.46 },
      { atMs: 1_000, firstMs: 3 },
      { atMs: 1_500, firstMs: 11 },
    ]);
    // The top 1% of 200 messages is the two slowest: the p99 is the smaller of them.
    expect(result.p99).toBe(11);
  });

  it("reports nothing for a window that timed no message", () => {
    expect(firstDeliveries(new Map([[5, 1]]), 10)).toEqual({ messages: 0, p99: null, slowest: [] });
  });
});
