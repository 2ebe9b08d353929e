// The benchmark harness on a tiny load: every part runs (Parlor through `npm start`, a baseline
// Worker in workerd, a Node server speaking Socket.IO; the load generator in its own process;
// the report), and what it reports is consistent. No timing is asserted: the machine is shared.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const out = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-bench-smoke-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

function runBench(): Promise<{ code: number | null; log: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "bench/run.ts",
        "--smoke",
        "--out",
        out,
        "--servers",
        "parlor,minimal,socketio",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let log = "";
    child.stdout.on("data", (d: Buffer) => {
      log += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      log += d;
    });
    child.on("exit", (code) => resolve({ code, log }));
  });
}

describe("npm run bench -- --smoke", () => {
  it("measures every server it was given and writes the report", { timeout: 300_000 }, async () => {
    const { code, log } = await runBench();
    expect(code, log).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(out, "latest.json"), "utf8"));
    for (const server of ["parlor", "minimal", "socketio"]) {
      const room = report.rounds[0].rooms[server][20];
      expect(room.connect.ok, server).toBe(20);
      // One extra burst (the smoke preset) plus the measured room's own.
      expect(room.connects.bursts, server).toHaveLength(2);
      // The rates count only joins that succeeded; the failures are kept beside them.
      expect(room.connects.failed, server).toBe(0);
      expect(room.connects.connectsPerSecond, server).toBeGreaterThan(0);
      // CPU is read in 10 ms ticks: 20 joins may take less than one, so only its presence, for
      // the measured room's joins and for each burst the report's mean is taken over.
      expect(room.connect.serverCpuMicrosPerConnect, server).toBeGreaterThanOrEqual(0);
      expect(room.connects.cpuBursts, server).toHaveLength(2);
      expect(room.connects.serverCpuMicrosPerConnect, server).toBeGreaterThanOrEqual(0);
      expect(room["saturate-1"].deliveriesPerSecond, server).toBeGreaterThan(0);
      expect(room["saturate-1"].lost, server).toBe(0);
      expect(room["saturate-10"].lost, server).toBe(0);
      // What each flood's window held is reported (at least the preset's `windowMessages`: 3).
      expect(room["saturate-1"].messagesInWindow, server).toBeGreaterThanOrEqual(3);
      expect(room["saturate-10"].messagesInWindow, server).toBeGreaterThanOrEqual(3);
      expect(room["latency-400"].samples, server).toBeGreaterThan(0);
      // Each timed message's first delivery, read by the probes: none later than the slowest.
      const first = room["latency-400"].firstDelivery;
      expect(first.messages, server).toBeGreaterThan(0);
      expect(first.slowest.length, server).toBeGreaterThan(0);
      expect(first.p99, server).toBeLessThanOrEqual(room["latency-400"].max);
      // Latency phases stop waiting after 2 s without a frame, so on a loaded machine some
      // frames may still be in flight when they end: saturation phases must account for all.
      expect(fs.readFileSync(path.join(out, `chart-${server}.svg`), "utf8")).toMatch(/^<svg /);
    }
    // The held room (Parlor and the minimal room): every broadcast reached every socket, each
    // timed on its own.
    for (const server of ["parlor", "minimal"]) {
      const held = report.rounds[0].held[server];
      expect(held.connect.ok, server).toBe(20);
      expect(held.broadcast.reached, server).toBe(20);
      expect(held.broadcast.eachMs, server).toHaveLength(3);
      expect(held.broadcast.ms, server).toBe(held.broadcast.eachMs[0]);
    }
    expect(report.rounds[0].held.socketio).toBeUndefined();
    // Resume: every client caught up with exactly what it missed.
    expect(report.rounds[0].resume).toMatchObject({
      caughtUp: 5,
      lost: 0,
      duplicated: 0,
      acked: 3,
    });
    const md = fs.readFileSync(path.join(out, "latest.md"), "utf8");
    expect(md).toContain("npm run bench -- --smoke");
    expect(md).toContain("No join failed in any burst of this run.");
    expect(md).toContain("Server CPU time per connect");
    // The disk under the servers' state, probed through the run (at least once a second).
    expect(md).toMatch(
      /\| fsync on the state disk, every 200 ms through the run \| \d+ probes: p50 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms; /,
    );
    expect(report.context.disk.count).toBeGreaterThan(10);
    // Each latency phase beside the disk: p99 and the fsyncs meanwhile, for Parlor and the minimal room
    // (the smoke run has neither the stored room nor the tutorial pattern).
    expect(md).toContain("### p99 and the disk, phase by phase");
    const slow = String.raw`[\d.]+ / [\d.]+( \(\d+ ≥ 50 ms\))?`;
    const none = String.raw`– \| –`;
    // Each p99 with its first deliveries' p99 in brackets.
    const p99 = String.raw`[\d.]+ \([\d.]+\)`;
    expect(md).toMatch(
      new RegExp(
        String.raw`\| 20 \| 1 \| ${p99} \| ${slow} \| ${none} \| ${none} \| ${p99} \| ${slow} \|`,
      ),
    );
    // The later broadcasts: a median, and its range unless they all took the same time.
    expect(md).toMatch(
      /\| parlor \| 20 \| [\d,]+ \| -?[\d.]+ \| 20 \| [\d.]+ \| [\d.]+( \([\d.]+–[\d.]+\))? \|/,
    );
    expect(md).toMatch(/\| parlor \| [\d,]+ \| \d\.\d\d× \|/);
  });
});
