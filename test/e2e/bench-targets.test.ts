// How the benchmark judges memory per connection: a size's ratio counts only when Parlor's and
// the minimal room's growth stand above what workerd's RSS does on its own in the same run.
import { describe, expect, it } from "vitest";
import type { Spread, Summary } from "../../bench/summary.js";
import { checkTargets } from "../../bench/targets.js";

const kb = (min: number, median = min): Spread => ({ median, min, max: median, runs: 3 });

/** A run with only memory figures: KB per connection by server and size. */
function summaryOf(figures: Record<string, Record<number, Spread>>): Summary {
  const only = (f: Record<string, Record<number, Spread>>) =>
    Object.fromEntries(
      Object.entries(f).map(([server, bySize]) => [
        server,
        Object.fromEntries(Object.entries(bySize).map(([n, s]) => [n, { kbPerConnection: s }])),
      ]),
    );
  const ratios = {
    parlor: Object.fromEntries(
      Object.keys(figures.parlor!).map((n) => {
        const r = figures.parlor![Number(n)]!.median / figures.minimal![Number(n)]!.median;
        return [n, { kbPerConnection: kb(r) }];
      }),
    ),
  };
  return { figures: only(figures), ratios, idleRssMiB: {}, chart: {}, guarantees: {} } as Summary;
}

const memoryTarget = (summary: Summary, sizes: number[]) =>
  checkTargets(summary, sizes).find((t) => t.what.startsWith("KB per idle connection"))!;

describe("memory per connection, judged above the noise", () => {
  it("does not judge a size whose growth a workerd server's shrink exceeds", () => {
    // A room of 100: Parlor grew 2.3 MB, the minimal room 0.2 MB, the tutorial shrank 8.2 MB.
    const target = memoryTarget(
      summaryOf({
        parlor: { 100: kb(24, 24), 1000: kb(80, 82) },
        minimal: { 100: kb(2.4, 4), 1000: kb(88, 91) },
        tutorial: { 100: kb(-84, -83), 1000: kb(95, 96) },
      }),
      [100, 1000],
    );
    expect(target.measured).toMatch(/N=100: 6\.00× .*not judged: .*8\.2 MB shrink/);
    expect(target.measured).not.toMatch(/N=1000: [^;]*not judged/);
    // Judged at N=1,000 only, where Parlor is under 1.15× the minimal room.
    expect(target.met).toBe(true);
  });

  it("judges a size whose growth stands above the noise, and reports a miss there", () => {
    const target = memoryTarget(
      summaryOf({
        parlor: { 1000: kb(120, 130) },
        minimal: { 1000: kb(88, 91) },
        tutorial: { 1000: kb(-1, 95) },
      }),
      [1000],
    );
    expect(target.measured).not.toMatch(/not judged/);
    expect(target.met).toBe(false);
  });

  it("leaves a Node server's shrink out of workerd's noise", () => {
    const target = memoryTarget(
      summaryOf({
        parlor: { 100: kb(30, 30) },
        minimal: { 100: kb(20, 20) },
        socketio: { 100: kb(-306, -2) },
      }),
      [100],
    );
    expect(target.measured).not.toMatch(/not judged/);
    expect(target.met).toBe(false);
  });
});

describe("the targets against partyserver and the tutorial pattern", () => {
  const deliveries = (parlor: number, partyserver: number): Summary =>
    ({
      figures: {
        parlor: { 100: { deliveries10: kb(parlor) } },
        partyserver: { 100: { deliveries10: kb(partyserver) } },
      },
      ratios: {},
      idleRssMiB: {},
      chart: {},
      guarantees: {},
    }) as unknown as Summary;
  const tenSenders = (summary: Summary) =>
    checkTargets(summary, [100]).find(
      (t) => t.what.includes("10 senders") && t.what.includes("partyserver"),
    )!;

  it("divide Parlor's median by the other server's, not the other way round", () => {
    const ahead = tenSenders(deliveries(120_000, 100_000));
    expect(ahead.measured).toContain("N=100: 1.20×");
    expect(ahead.met).toBe(true);
    const behind = tenSenders(deliveries(90_000, 100_000));
    expect(behind.measured).toContain("N=100: 0.900×");
    expect(behind.met).toBe(false);
  });
});
