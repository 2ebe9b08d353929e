// The report's section on the missed targets: for each load behind a missed figure, Parlor's
// profile beside the minimal room's (bench/profile/misses.ts takes them).
import type { MissProfile } from "../profile/misses.js";
import type { LoadProfile, ProfileLoad } from "../profile/take.js";
import type { Target } from "./markdown.js";

const ROWS = 10;

export function missesSection(
  targets: Target[],
  profiles: MissProfile[] | undefined,
  warm: number,
): string[] {
  const missed = targets.filter((t) => t.met === false);
  if (missed.length === 0 || profiles === undefined) return [];
  const out = ["## The missed targets, profiled", ""];
  out.push(
    "After its rounds the run profiled Parlor and the minimal room under the load behind each",
    "missed figure, each on a server of its own (Parlor as `npm start` serves it; workerd on core",
    `0), warmed up with ${warm} sockets, with V8's CPU profiler sampling the Worker's isolate through`,
    "workerd's inspector. The profiler slows the server, so rates measured meanwhile are not the",
    "run's: read the server CPU per join or delivery, and where the isolate's samples fell (self",
    "time, as a share of each profile's busy samples). Earlier profiles, and what came of them:",
    "`docs/performance.md`.",
    "",
  );
  for (const p of profiles) {
    out.push(`### ${p.missed.join("; ")}`, "");
    out.push(`${describeLoad(p.load)}. ${cpuLine(p.parlor, p.minimal)}`, "");
    out.push("| | Parlor | share | minimal room | share |", "|---|---|---|---|---|");
    for (let i = 0; i < ROWS; i++) {
      const a = p.parlor.functions[i];
      const b = p.minimal.functions[i];
      if (!a && !b) break;
      out.push(`| ${i + 1} | ${cell(a)} | ${cell(b)} |`);
    }
    out.push("");
  }
  const unprofiled = missed.filter(
    (t) => !profiles.some((p) => p.missed.some((m) => m.startsWith(t.what))),
  );
  if (unprofiled.length > 0) {
    out.push(
      `Not profiled (no load behind them that a CPU profile explains): ${unprofiled.map((t) => t.what).join("; ")}.`,
      "",
    );
  }
  return out;
}

function describeLoad(load: ProfileLoad): string {
  const n = load.n.toLocaleString("en-US");
  if (load.kind === "connects") {
    return `${load.rooms} room(s) of ${n} joined in turn, everyone at once (the profile holds their leaves too)`;
  }
  if (load.kind === "saturate") {
    return `${load.senders} sender(s) flooding a room of ${n} for ${load.seconds} s`;
  }
  return `One sender at ${load.deliveriesPerSecond.toLocaleString("en-US")} deliveries/s into a room of ${n} for ${load.seconds} s`;
}

function cpuLine(parlor: LoadProfile, minimal: LoadProfile): string {
  const a = parlor.serverCpuMicrosPerUnit;
  const b = minimal.serverCpuMicrosPerUnit;
  const micros = (v: number | null) => (v === null ? "–" : `${Number(v.toPrecision(3))} µs`);
  const ratio = a !== null && b ? ` (${(a / b).toFixed(2)}×)` : "";
  return `Server CPU per ${parlor.unit}: Parlor ${micros(a)}, the minimal room ${micros(b)}${ratio}; busy samples: ${parlor.busy} and ${minimal.busy}`;
}

const cell = (f: { name: string; share: number } | undefined) =>
  f ? `\`${f.name}\` | ${(100 * f.share).toFixed(1)}%` : "| ";
