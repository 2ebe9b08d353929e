// The disk under the servers' state, watched for the whole run. Parlor and the tutorial pattern
// commit to SQLite before they send, so a slow `fsync` on a shared host's disk stalls them (and
// not the servers that store nothing): in one full run both showed stalls of 0.1–0.5 s in the
// latency phase at N=100 that no earlier run had. A small write and `fsync` every `everyMs`
// (on libuv's thread pool, so the harness never blocks) records what the disk did meanwhile.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** An `fsync` this slow or slower is listed with its time. */
export const SLOW_FSYNC_MS = 50;

export interface DiskReport {
  everyMs: number;
  count: number;
  p50: number;
  p99: number;
  max: number;
  /** The slow ones, in order: when (ISO time) and how long (ms). */
  slow: { at: string; ms: number }[];
}

/** What the disk did inside one window of the run (a latency phase). */
export interface DiskWindow {
  count: number;
  p50: number;
  max: number;
  /** Of SLOW_FSYNC_MS or more. */
  slow: number;
}

export function startDiskProbe(everyMs = 200, dir = os.tmpdir()) {
  const file = path.join(fs.mkdtempSync(path.join(dir, "parlor-disk-probe-")), "probe");
  const times: number[] = [];
  /** When each fsync returned (epoch ms), in the order of `times`. */
  const ends: number[] = [];
  const slow: DiskReport["slow"] = [];
  const block = Buffer.alloc(4096, 1);
  let busy: Promise<void> = Promise.resolve();
  let handle: fs.promises.FileHandle | undefined;
  const probe = async () => {
    handle ??= await fs.promises.open(file, "w");
    await handle.write(block, 0, block.length, (times.length % 16) * block.length);
    const started = performance.now();
    await handle.sync();
    const ms = performance.now() - started;
    times.push(ms);
    ends.push(Date.now());
    if (ms >= SLOW_FSYNC_MS) slow.push({ at: new Date().toISOString(), ms: Number(ms.toFixed(1)) });
  };
  // One at a time: a probe stuck on a slow disk is itself the finding, not a queue of them.
  const timer = setInterval(() => {
    busy = busy.then(probe).catch(() => undefined);
  }, everyMs);
  timer.unref();
  return {
    /** What the disk did so far; the probe goes on until `stop`. */
    report(): DiskReport {
      const sorted = [...times].sort((a, b) => a - b);
      return {
        everyMs,
        count: sorted.length,
        p50: quantile(sorted, 0.5),
        p99: quantile(sorted, 0.99),
        max: quantile(sorted, 1),
        slow,
      };
    },
    /** The fsyncs that overlapped [from, to] (epoch ms): each stalled the disk from its start. */
    during(from: number, to: number): DiskWindow {
      const sorted = times
        .filter((ms, i) => ends[i]! >= from && ends[i]! - ms <= to)
        .sort((a, b) => a - b);
      return {
        count: sorted.length,
        p50: quantile(sorted, 0.5),
        max: quantile(sorted, 1),
        slow: sorted.filter((ms) => ms >= SLOW_FSYNC_MS).length,
      };
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await busy;
      await handle?.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}

/** The value at quantile `q` of ascending `sorted` (0 when empty), in ms to two decimals. */
function quantile(sorted: number[], q: number): number {
  return Number((sorted[Math.floor(q * (sorted.length - 1))] ?? 0).toFixed(2));
}

/** One line for the report's machine table. */
export function diskLine(d: DiskReport): string {
  const shown = d.slow.slice(0, 20).map((s) => `${s.at.slice(11, 19)} ${s.ms} ms`);
  if (d.slow.length > shown.length) shown.push(`${d.slow.length - shown.length} more`);
  const slow = d.slow.length
    ? `; ${d.slow.length} at ${SLOW_FSYNC_MS} ms or more (UTC): ${shown.join(", ")}`
    : `; none at ${SLOW_FSYNC_MS} ms or more`;
  return `${d.count} probes: p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms${slow}`;
}
