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

  it("counts the slow fsyncs inside each latency phase's timed window", () => {
    const phase = (p99: number, from: string, to: string) => ({
      "latency-10000": {
        p99,
        timedFrom: `2026-11-23T20:00:${from}Z`,
        timedTo: `2026-11-23T20:00:${to}Z`,
      },
    });
    const rounds = [
      {
        round: 0,
        rooms: {
          parlor: { 100: phase(9.5, "10.000", "20.000") },
          minimal: { 100: phase(3.1, "30.000", "40.000") },
        },
        idle: {},
        held: {},
      },
    ] as unknown as RoundResult[];
    const slow = [
      { at: "2026-11-23T20:00:09.000Z", ms: 60 }, // before Parlor's phase
      { at: "2026-11-23T20:00:10.100Z", ms: 300 }, // began before, stalled into it
      { at: "2026-11-23T20:00:15.000Z", ms: 80 },
      { at: "2026-11-23T20:00:25.000Z", ms: 70 }, // between the two phases
    ];
    const disk = { everyMs: 200, count: 200, p50: 0.4, p99: 90, max: 300, slow };
    const rows = diskDuringLatency(rounds, disk, [100], 10000);
    expect(rows).toEqual([
      { n: 100, round: 1, server: "parlor", p99: 9.5, slow: 2, slowestMs: 300 },
      { n: 100, round: 1, server: "minimal", p99: 3.1, slow: 0, slowestMs: null },
    ]);
    const section = diskLatencySection(rows, 200).join("\n");
    expect(section).toContain("| N | round | parlor p99 ms | slow fsyncs | tutorial p99 ms |");
    expect(section).toContain("| 100 | 1 | 9.5 | 2 (slowest 300 ms) | – | – | 3.1 | 0 |");
    expect(diskLatencySection([], 200)).toEqual([]);
  });
});
