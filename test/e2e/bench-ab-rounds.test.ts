// `bench/ab.ts --rounds`: servers taken in reverse every other round, and each server read as the
// median of its ratios to the first server in the same round (not as a ratio of medians).
import { describe, expect, it } from "vitest";
import { type AbFigures, roundOrder, roundsSummary } from "../../bench/ab-rounds.js";

const figures = (deliveriesPerSecond: number, cpuPerDelivery: number): AbFigures => ({
  connectsPerSecond: 1_000,
  cpuPerConnect: 500,
  deliveriesPerSecond,
  cpuPerDelivery,
});

describe("bench/ab.ts rounds", () => {
  it("takes the servers in reverse every other round", () => {
    const names = ["minimal", "parlor", "parlor-no-handling"];
    expect(roundOrder(names, 0)).toEqual(names);
    expect(roundOrder(names, 1)).toEqual(["parlor-no-handling", "parlor", "minimal"]);
    expect(roundOrder(names, 2)).toEqual(names);
    expect(names).toEqual(["minimal", "parlor", "parlor-no-handling"]); // not reordered in place
  });

  it("reads each server as the median of its per-round ratios to the first", () => {
    // The host drifts: round 2 is twice as fast for everyone. Parlor is 0.9× in every round,
    // so a ratio taken within each round says 0.9×; a ratio of medians would not.
    const rounds = [
      new Map([
        ["minimal", figures(100_000, 8)],
        ["parlor", figures(90_000, 10)],
      ]),
      new Map([
        ["minimal", figures(200_000, 4)],
        ["parlor", figures(180_000, 5)],
      ]),
      new Map([
        ["minimal", figures(120_000, 8)],
        ["parlor", figures(108_000, 8.8)],
      ]),
    ];
    const [title, base, parlor] = roundsSummary(["minimal", "parlor"], rounds);
    expect(title).toBe("3 rounds; each server ÷ minimal in the same round, median (min-max):");
    expect(base).toContain("deliveries/s 1.000× (1.00-1.00)");
    expect(parlor).toContain("deliveries/s 0.900× (0.90-0.90)");
    expect(parlor).toContain("cpu/delivery 1.250× (1.10-1.25)");
    expect(parlor).toContain("connects/s 1.000×");
  });

  it("names each server once, and leaves out a round a server missed", () => {
    const rounds = [
      new Map([
        ["minimal", figures(100_000, 8)],
        ["parlor", figures(80_000, 8)],
      ]),
      new Map([["minimal", figures(100_000, 8)]]),
    ];
    const lines = roundsSummary(["minimal", "parlor", "minimal", "parlor"], rounds);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain("deliveries/s 0.800× (0.80-0.80)");
  });

  it("adds p50 and p99 ratios when the rounds timed a fixed load (--latency)", () => {
    const timed = (p99: number): AbFigures => ({ ...figures(100_000, 8), p50: 2, p99 });
    const rounds = [
      new Map([
        ["minimal", timed(4)],
        ["stored", timed(8)],
      ]),
      new Map([
        ["minimal", timed(5)],
        ["stored", timed(7.5)],
      ]),
    ];
    const [, base, stored] = roundsSummary(["minimal", "stored"], rounds);
    expect(base).toContain("p99 1.000× (1.00-1.00)");
    expect(stored).toContain("p50 1.000×");
    expect(stored).toContain("p99 1.750× (1.50-2.00)");
    // Without --latency the line has no latency columns at all.
    const [, , untimed] = roundsSummary(
      ["minimal", "parlor"],
      [
        new Map([
          ["minimal", figures(100_000, 8)],
          ["parlor", figures(90_000, 8)],
        ]),
      ],
    );
    expect(untimed).not.toContain("p99");
  });
});
