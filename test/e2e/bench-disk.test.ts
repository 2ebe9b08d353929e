// The run's disk probe: real writes and fsyncs on this machine's temporary directory, and the
// line the report's machine table shows for them.
import { describe, expect, it } from "vitest";
import { diskLine, SLOW_FSYNC_MS, startDiskProbe } from "../../bench/machine/disk-probe.js";
import { diskDuringLatency, diskLatencySection } from "../../bench/report/disk-latency.js";
import type { RoundResult } from "../../bench/suite.js";

describe("the disk probe", () => {
  it("times an fsync every interval until stopped", async () => {
    const probe = startDiskProbe(20);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await probe.stop();
    const report = probe.report();
    expect(report.count).toBeGreaterThanOrEqual(5);
    expect(report.p50).toBeGreaterThan(0);
    expect(report.p50).toBeLessThanOrEqual(report.p99);
    expect(report.p99).toBeLessThanOrEqual(report.max);
    for (const s of report.slow) expect(s.ms).toBeGreaterThanOrEqual(SLOW_FSYNC_MS);
    const stopped = report.count;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(probe.report().count).toBe(stopped);
  });

  it("lists the slow ones by time, the first twenty and a count of the rest", () => {
    const slow = Array.from({ length: 23 }, (_, i) => ({
      at: `2026-11-23T20:0${Math.floor(i / 10)}:${String(i % 10).padStart(2, "0")}.000Z`,
      ms: 60 + i,
    }));
    const line = diskLine({ everyMs: 200, count: 900, p50: 0.2, p99: 3.1, max: 82, slow });
    expect(line).toMatch(
      /^900 probes: p50 0.2 ms, p99 3.1 ms, max 82 ms; 23 at 50 ms or more \(UTC\): 20:00:00 60 ms, /,
    );
    expect(line).toContain("20:01:09 79 ms, 3 more");
    expect(line).not.toContain("20:02:00");
    const quiet = diskLine({ everyMs: 200, count: 10, p50: 0.1, p99: 0.3, max: 0.4, slow: [] });
    expect(quiet).toBe("10 probes: p50 0.1 ms, p99 0.3 ms, max 0.4 ms; none at 50 ms or more");
  });

  it("gives the fsyncs that overlapped a window: median, slowest, and the slow ones", async () => {
    const probe = startDiskProbe(20);
    const from = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const to = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await probe.stop();
    const inside = probe.during(from, to);
    const all = probe.report();
    expect(inside.count).toBeGreaterThanOrEqual(3);
    expect(inside.count).toBeLessThan(all.count);
    expect(inside.p50).toBeGreaterThan(0);
    expect(inside.p50).toBeLessThanOrEqual(inside.max);
    expect(inside.max).toBeLessThanOrEqual(all.max);
    expect(inside.slow).toBeLessThanOrEqual(all.slow.length);
    expect(probe.during(from - 60_000, from - 30_000)).toEqual({
      count: 0,
      p50: 0,
      max: 0,
      slow: 0,
    });
  });

  it("sets each latency phase beside the fsyncs in its timed window", () => {
    const phase = (p99: number, from: string, to: string, first?: number) => ({
      "latency-10000": {
        p99,
        ...(first === undefined
          ? {}
          : { firstDelivery: { messages: 1000, p99: first, slowest: [] } }),
        timedFrom: `2026-11-23T20:00:${from}Z`,
        timedTo: `2026-11-23T20:00:${to}Z`,
      },
    });
    const rounds = [
      {
        round: 0,
        rooms: {
          parlor: { 100: phase(9.5, "10.000", "20.000", 9.1) },
          minimal: { 100: phase(3.1, "30.000", "40.000") },
        },
        idle: {},
        held: {},
      },
    ] as unknown as RoundResult[];
    const asked: [string, string][] = [];
    const during = (from: number, to: number) => {
      asked.push([new Date(from).toISOString(), new Date(to).toISOString()]);
      return from < Date.parse("2026-11-23T20:00:25Z")
        ? { count: 50, p50: 0.4, max: 300, slow: 2 }
        : { count: 50, p50: 0.3, max: 0.9, slow: 0 };
    };
    const rows = diskDuringLatency(rounds, during, [100], 10000);
    expect(asked).toEqual([
      ["2026-11-23T20:00:10.000Z", "2026-11-23T20:00:20.000Z"],
      ["2026-11-23T20:00:30.000Z", "2026-11-23T20:00:40.000Z"],
    ]);
    // The minimal room's phase is from a run before first deliveries were recorded.
    expect(rows.map((r) => [r.server, r.round, r.p99, r.firstP99])).toEqual([
      ["parlor", 1, 9.5, 9.1],
      ["minimal", 1, 3.1, null],
    ]);
    const section = diskLatencySection(rows, 200).join("\n");
    expect(section).toContain(
      "| N | round | parlor p99 (first) ms | fsync median / max ms | stored p99 (first) ms |",
    );
    expect(section).toContain(
      "| 100 | 1 | 9.5 (9.1) | 0.4 / 300 (2 ≥ 50 ms) | – | – | – | – | 3.1 | 0.3 / 0.9 |",
    );
    expect(diskLatencySection([], 200)).toEqual([]);
  });
});
