// Each latency phase the p99 target judges, set beside what the disk did meanwhile. Parlor, the
// `stored` room and the tutorial pattern commit to SQLite before they send, so on a shared host
// one slow `fsync` holds every message behind it; the minimal room stores nothing. Without this,
// a p99 that tripled from one run to the next (docs/performance.md, "Full runs compared") could
// not be told apart from a change in the server.
import { type DiskWindow, SLOW_FSYNC_MS } from "../machine/disk-probe.js";
import { STORED } from "../servers/index.js";
import type { RoundResult } from "../suite.js";

/** The servers shown: those that commit before they send, and the ceiling. */
const SHOWN = ["parlor", STORED, "tutorial", "minimal"];

export interface PhaseDisk {
  n: number;
  /** Counted from 1, as the report names rounds. */
  round: number;
  server: string;
  p99: number;
  /** The p99 of each message's first delivery (runs before it was recorded: null). */
  firstP99: number | null;
  /** The disk probe's fsyncs while the phase was timed. */
  disk: DiskWindow;
}

export function diskDuringLatency(
  rounds: RoundResult[],
  during: (from: number, to: number) => DiskWindow,
  sizes: number[],
  latencyLoad: number,
): PhaseDisk[] {
  const rows: PhaseDisk[] = [];
  for (const r of rounds) {
    for (const n of sizes) {
      for (const server of SHOWN) {
        const phase = r.rooms[server]?.[n]?.[`latency-${latencyLoad}`] as
          | {
              p99?: number;
              timedFrom?: string;
              timedTo?: string;
              firstDelivery?: { p99: number | null };
            }
          | undefined;
        if (!phase?.timedFrom || !phase.timedTo || typeof phase.p99 !== "number") continue;
        const disk = during(Date.parse(phase.timedFrom), Date.parse(phase.timedTo));
        const firstP99 = phase.firstDelivery?.p99 ?? null;
        rows.push({ n, round: r.round + 1, server, p99: phase.p99, firstP99, disk });
      }
    }
  }
  return rows;
}

/** The report's section: one row per size and round. */
export function diskLatencySection(rows: PhaseDisk[] | undefined, everyMs: number): string[] {
  if (!rows || rows.length === 0) return [];
  const out = ["### p99 and the disk, phase by phase", ""];
  out.push(
    `The disk probe (an fsync every ${everyMs} ms, in the machine table) beside each latency phase`,
    "the p99 target judges: the median and slowest of its fsyncs while the phase was timed, and",
    `how many took ${SLOW_FSYNC_MS} ms or more. Parlor, the stored room and the tutorial pattern commit`,
    "before they send, so their messages wait for the disk; the minimal room stores nothing. A",
    "stall shorter than the probe's interval can fall between two probes (the stored room runs",
    "in full runs only: – in others). In brackets, the p99 of each message's first delivery: near",
    "the p99, the tail is messages that reached no socket in time (the server held them: a commit,",
    "a collection), not the last sockets of a fan-out.",
    "",
  );
  const head = [
    "N",
    "round",
    ...SHOWN.flatMap((s) => [`${s} p99 (first) ms`, "fsync median / max ms"]),
  ];
  out.push(`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`);
  const keys = [...new Set(rows.map((r) => `${r.n}:${r.round}`))];
  for (const key of keys) {
    const [n, round] = key.split(":").map(Number) as [number, number];
    const cells = SHOWN.flatMap((server) => {
      const row = rows.find((r) => r.n === n && r.round === round && r.server === server);
      if (!row) return ["–", "–"];
      const { count, p50, max, slow } = row.disk;
      const p99 = row.firstP99 === null ? String(row.p99) : `${row.p99} (${row.firstP99})`;
      if (count === 0) return [p99, "no probe"];
      const slowText = slow > 0 ? ` (${slow} ≥ ${SLOW_FSYNC_MS} ms)` : "";
      return [p99, `${p50} / ${max}${slowText}`];
    });
    out.push(`| ${n.toLocaleString("en-US")} | ${round} | ${cells.join(" | ")} |`);
  }
  out.push("");
  return out;
}
