// bench/results/latest.md: every figure of the run, medians with their spread, ratios against
// the minimal room from the same round, and the issue's targets checked against them.
import type { DiskReport } from "../machine/disk-probe.js";
import type { MissProfile } from "../profile/misses.js";
import { type MetricName, type Spread, type Summary, spread } from "../summary.js";
import { frameBytesSection, storedFirstSection } from "./controls.js";
import { diskLatencySection, type PhaseDisk } from "./disk-latency.js";
import { missesSection } from "./misses.js";

export interface ReportContext {
  command: string;
  date: string;
  machine: Record<string, string | number>;
  versions: Record<string, string>;
  settings: Record<string, unknown>;
  servers: { name: string; describe: string }[];
  sizes: number[];
  latencyLoad: number;
  rounds: number;
  held: Record<string, Record<string, unknown>>;
  resume?: Record<string, unknown>;
  idleProcesses: Record<string, { name: string; rssMiB: number }[]>;
  /** The disk probe over the whole run, and over each latency phase the p99 target judges. */
  disk?: DiskReport;
  diskDuringLatency?: PhaseDisk[];
  /** The missed targets' profiles, once taken (a full run, or --profile-misses). */
  missProfiles?: { warm: number; profiles: MissProfile[] };
}

export interface Target {
  what: string;
  /** The figure a per-size target judges (the load a missed one is profiled under). */
  metric?: MetricName;
  goal: string;
  measured: string;
  met: boolean | null;
  /** The figures judged, one per room size (n null for a target of the whole server). */
  cells?: TargetCell[];
}

export interface TargetCell {
  n: number | null;
  /** The ratio judged (for resume: messages lost plus duplicated). */
  value: number | null;
  /** null when the cell is not judged (memory below the RSS noise, or a figure missing). */
  met: boolean | null;
}

const num = (v: number) =>
  Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : Number(v.toPrecision(3)).toString();

export function fmt(s: Spread | null | undefined, unit = ""): string {
  if (!s) return "–";
  if (s.runs === 1 || s.min === s.max) return `${num(s.median)}${unit}`;
  return `${num(s.median)}${unit} (${num(s.min)}–${num(s.max)})`;
}

/** Decimals of a ratio that missed its target: 0.796 against "≥ 0.8" must not read as 0.80. */
export const MISSED_DIGITS = 3;

export function ratio(s: Spread | null | undefined, digits = 2): string {
  if (!s) return "–";
  const r = (v: number) => v.toFixed(digits);
  return s.runs === 1 || s.min === s.max
    ? `${r(s.median)}×`
    : `${r(s.median)}× (${r(s.min)}–${r(s.max)})`;
}

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

function perSize(
  summary: Summary,
  ctx: ReportContext,
  metric: MetricName,
  withRatio: boolean,
): string {
  const head = [
    "server",
    ...ctx.sizes.flatMap((n) =>
      withRatio
        ? [`N=${n.toLocaleString("en-US")}`, "÷ minimal"]
        : [`N=${n.toLocaleString("en-US")}`],
    ),
  ];
  const rows = ctx.servers.map((s) => [
    s.name,
    ...ctx.sizes.flatMap((n) => {
      const cell = fmt(summary.figures[s.name]?.[n]?.[metric]);
      return withRatio ? [cell, ratio(summary.ratios[s.name]?.[n]?.[metric])] : [cell];
    }),
  ]);
  return table(head, rows);
}

export function markdown(summary: Summary, ctx: ReportContext, targets: Target[]): string {
  const out: string[] = [];
  out.push("# Benchmark results");
  out.push("");
  out.push(
    `Produced by \`${ctx.command}\` on ${ctx.date}. Figures are medians over ${ctx.rounds} round(s), with the`,
  );
  out.push(
    "spread (min–max) in brackets; ratios are taken against the minimal room within each round, then",
  );
  out.push("the median of those is shown. Raw data: `latest.json`.");
  out.push("");
  out.push("## Machine and load situation");
  out.push("");
  out.push(
    table(
      ["", ""],
      Object.entries(ctx.machine).map(([k, v]) => [k, String(v)]),
    ),
  );
  out.push("");
  out.push(table(["component", "version"], Object.entries(ctx.versions)));
  out.push("");
  out.push("## Servers");
  out.push("");
  out.push(
    table(
      ["name", "what runs"],
      ctx.servers.map((s) => [s.name, s.describe]),
    ),
  );
  out.push("");
  out.push(
    "Each server runs in its own process tree; the load generator is one separate Node process of raw",
  );
  out.push(
    "TCP WebSocket clients that count frames of 64+ bytes without parsing them (only latency probes",
  );
  out.push(
    "read their timestamp). One message to N clients is N deliveries (the sender receives its own).",
  );
  out.push(
    "Before its measured rooms, each server warms up the same way (`warmupClients` in the settings;",
  );
  out.push(
    "0: none): that many sockets join a room of their own, flood it for one window and leave, and",
  );
  out.push(
    "the run waits `warmupPauseSeconds` for that room to be evicted. No room is then measured inside",
  );
  out.push(
    "a fresh isolate's first calls. Idle RSS is taken before the warm-up. Memory per idle connection",
  );
  out.push(
    "in small rooms then mostly measures the heap's slack; the large rooms' figures are the ones to read.",
  );
  out.push(
    "A flood is measured over `windowSeconds`, or longer, until it holds `windowMessages` messages",
  );
  out.push(
    "(a large room gets few messages a second). Latency at the load the targets judge is measured over",
  );
  out.push("`latencySeconds`, the chart's other loads over `chartSeconds`.");
  out.push(`Settings: \`${JSON.stringify(ctx.settings)}\`.`);
  out.push("");
  out.push("## Targets (issue 12)");
  out.push("");
  out.push(
    table(
      ["target", "goal", "measured", "met"],
      targets.map((t) => [
        t.what,
        t.goal,
        t.measured,
        t.met === null ? "n/a" : t.met ? "yes" : "**no**",
      ]),
    ),
  );
  out.push("");
  if (ctx.missProfiles) {
    out.push(...missesSection(targets, ctx.missProfiles.profiles, ctx.missProfiles.warm));
  }
  out.push("## Deliveries per second at saturation");
  out.push("");
  out.push("One sender:");
  out.push("");
  out.push(perSize(summary, ctx, "deliveries1", true));
  out.push("");
  out.push("Ten senders:");
  out.push("");
  out.push(perSize(summary, ctx, "deliveries10", true));
  out.push("");
  out.push(...frameBytesSection(summary, ctx.sizes));
  out.push(
    "Server CPU (% of one core) and the load generator's own CPU during the one-sender flood: when",
  );
  out.push(
    "the server sits near 100% of its core and the generator well below, the server is the bottleneck.",
  );
  out.push("");
  out.push(perSize(summary, ctx, "serverCpu1", false));
  out.push("");
  out.push(perSize(summary, ctx, "clientCpu1", false));
  out.push("");
  out.push(
    "Server CPU time per delivery (µs; one sender), the figure least moved by other work on the",
  );
  out.push("machine, with its ratio to the minimal room's:");
  out.push("");
  out.push(perSize(summary, ctx, "cpuPerDelivery1", true));
  out.push("");
  out.push(
    `## Latency at ${ctx.latencyLoad.toLocaleString("en-US")} deliveries/s (one sender, fixed rate)`,
  );
  out.push("");
  for (const metric of ["p50", "p99", "max"] as const) {
    out.push(`${metric} (ms):`);
    out.push("");
    out.push(perSize(summary, ctx, metric, metric === "p99"));
    out.push("");
  }
  out.push(...storedFirstSection(summary, ctx.sizes));
  out.push(...diskLatencySection(ctx.diskDuringLatency, ctx.disk?.everyMs ?? 0));
  out.push("Charts of latency against offered load: `chart-<server>.svg` in this directory.");
  out.push("");
  out.push("## Connections");
  out.push("");
  const bursts = Number(ctx.settings.connectBursts ?? 0);
  out.push(
    "Connections per second, everyone joining a fresh room at once (256 handshakes in flight).",
  );
  out.push(
    bursts > 0
      ? `For rooms of up to 1,000, the median of ${bursts + 1} bursts per round: the measured room's, and ${bursts} more into rooms of their own, joined in turn at the end of the server's run after a pause (a room of 100 joins in about 0.1 s):`
      : "One burst per room and round:",
  );
  out.push("");
  out.push(perSize(summary, ctx, "connects", true));
  out.push("");
  out.push(failedJoins(summary));
  out.push("");
  out.push(
    "Server CPU time per connect (µs; whole server process tree, over each burst's joins), the figure",
  );
  out.push(
    "least moved by other work on the machine, with its ratio to the minimal room's. One burst of 100 is read to about ±10% (10 ms ticks), so this is the mean over the same bursts as connects/s:",
  );
  out.push("");
  out.push(perSize(summary, ctx, "cpuPerConnect", true));
  out.push("");
  out.push(
    "Server RSS per idle connection (KB; growth of the whole server process tree, settled 2 s). Rooms",
  );
  out.push(
    "of all sizes are opened one after another on one server, smallest first, so small rooms are noisy:",
  );
  out.push("");
  out.push(perSize(summary, ctx, "kbPerConnection", true));
  out.push("");
  out.push("Idle RSS with no connections, across every process of the server (MiB):");
  out.push("");
  out.push(
    table(
      ["server", "RSS MiB", "processes (last round)"],
      Object.entries(summary.idleRssMiB)
        .filter(([, v]) => v)
        .filter(([name], i, all) => all.findIndex(([n]) => n === name) === i)
        .map(([name, v]) => [
          name,
          fmt(v),
          (ctx.idleProcesses[name] ?? []).map((p) => `${p.name} ${p.rssMiB}`).join(", "),
        ]),
    ),
  );
  out.push("");
  if (Object.keys(ctx.held).length > 0) {
    out.push("## Large room");
    out.push("");
    out.push(
      "All sockets join one room; 3 s later one of them sends messages in turn, each once the one",
      "before reached every socket (`heldBroadcasts` in the settings). The first broadcast after",
      "the sockets joined can pay for memory the server faults in anew, so the ones after it are",
      "shown apart (ms until every socket had the message):",
      "",
    );
    out.push(
      table(
        [
          "server",
          "sockets open",
          "connects/s",
          "KB per connection",
          "broadcast reached",
          "first broadcast ms",
          "later broadcasts ms",
        ],
        Object.entries(ctx.held).map(([name, h]) => heldRow(name, h)),
      ),
    );
    out.push("");
  }
  if (ctx.resume) {
    const r = ctx.resume;
    out.push("## Resume");
    out.push("");
    out.push(
      `${r.clients} Parlor clients leave, ${r.missed} messages are sent (${r.acked} acked), all come back at once`,
    );
    out.push(
      `with \`since\`/\`epoch\`: ${r.caughtUp} caught up in ${r.catchUpMs} ms; lost ${r.lost}, duplicated`,
    );
    const refusals = Object.entries((r.refusals ?? {}) as Record<string, number>)
      .map(([why, count]) => `${count} ${why}`)
      .join("; ");
    out.push(
      `${r.duplicated}, out of order ${r.outOfOrder} (counted over the clients that resumed); not resumed ${r.notResumed}${refusals ? ` (${refusals})` : ""}; handshakes retried ${r.retries ?? 0}.`,
    );
    out.push("");
  }
  if (Object.keys(summary.guarantees).length > 0) {
    out.push("## What each guarantee costs");
    out.push("");
    out.push(
      "Parlor with one guarantee or feature switched off (`BENCH_DISABLE`, a benchmark-only variable),",
    );
    out.push("against Parlor with everything on in the same round (deliveries: one sender):");
    out.push("");
    out.push(
      table(
        ["variant", "N", "deliveries/s", "÷ Parlor with it on", "connects/s ÷ Parlor with it on"],
        Object.values(summary.guarantees).map((g) => [
          g.variant,
          String(g.size),
          fmt(g.deliveries1),
          ratio(g.ratioToParlor),
          ratio(g.connectsRatioToParlor),
        ]),
      ),
    );
    out.push("");
  }
  return `${out.join("\n")}\n`;
}

/**
 * One server's large-room row. `ms` is the first broadcast's time (runs before `eachMs` timed
 * only one); the later ones are given as their median and range.
 */
export function heldRow(name: string, held: Record<string, unknown>): string[] {
  const c = (held.connect ?? {}) as Record<string, unknown>;
  const b = (held.broadcast ?? {}) as { reached?: number; ms?: number; eachMs?: number[] };
  const later = (b.eachMs ?? []).slice(1);
  return [
    name,
    String(c.ok ?? "–"),
    String(c.connectsPerSecond ?? "–"),
    String(c.idleKbPerConnection ?? "–"),
    String(b.reached ?? "–"),
    String(b.ms ?? "–"),
    fmt(spread(later)),
  ];
}

/** Joins the connects figure did not count, per server and size; most runs have none. */
function failedJoins(summary: Summary): string {
  const seen: string[] = [];
  let recorded = false;
  for (const [server, bySize] of Object.entries(summary.figures)) {
    for (const [n, { failedJoins: failed }] of Object.entries(bySize)) {
      if (!failed) continue;
      recorded = true;
      if (failed.max > 0) seen.push(`${server} N=${n}: ${failed.min}–${failed.max} per round`);
    }
  }
  if (!recorded) return "Failed joins were not recorded in this run.";
  return seen.length
    ? `Joins that failed (not in the rates above): ${seen.join("; ")}.`
    : "No join failed in any burst of this run.";
}
