// `npm run bench`: Parlor beside the minimal hibernating room (the ceiling), the tutorial
// pattern, partyserver, Node `ws` and Socket.IO, all under the same load in the same run.
//   npm run bench                    3 rounds, rooms of 100/1,000/5,000, 10,000 held, resume,
//                                    each guarantee switched off in turn (about an hour: 3,614 s in
//                                    034bdb6, bench/results/latest.md "duration")
//   npm run bench -- --quick         1 round, rooms of 100/1,000, short windows, the Workers only
//                                    (Parlor and its three baselines; under 3 minutes)
//   npm run bench -- --smoke --out DIR   a tiny load through every part of the harness (tests)
//   --rounds N  --servers parlor,minimal  --out DIR  --guarantees (measure their cost in any mode)
//   --profile-misses (profile the load behind each missed target; a full run always does)
//   --sizes 1000,5000
// Writes DIR/latest.md, DIR/latest.json and DIR/chart-<server>.svg (DIR: bench/results); a full
// or quick run into bench/results also regenerates the README's benchmark section.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildBench } from "./build.js";
import { diskLine, startDiskProbe } from "./machine/disk-probe.js";
import { loadsForMisses, profileMisses } from "./profile/misses.js";
import { diskDuringLatency } from "./report/disk-latency.js";
import { markdown, type ReportContext } from "./report/markdown.js";
import { updateReadme } from "./report/readme.js";
import { latencyChart } from "./report/svg.js";
import { CONTEXT_ONLY, GUARANTEE_VARIANTS, SERVERS } from "./servers/index.js";
import { canPin } from "./servers/spawn.js";
import { EVICTION_PAUSE_SECONDS, type RoundResult, runSuite, type SuiteOptions } from "./suite.js";
import { summarize } from "./summary.js";
import { checkTargets } from "./targets.js";

const argv = process.argv.slice(2);
const has = (name: string) => argv.includes(`--${name}`);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

const mode = has("smoke") ? "smoke" : has("quick") ? "quick" : "full";
/** `profileMisses`: after the rounds, profile the load behind each missed target (minutes). */
type Preset = Omit<SuiteOptions, "log" | "servers"> & { profileMisses: boolean };
const presets: Record<string, Preset> = {
  full: {
    rounds: 3,
    sizes: [100, 1000, 5000],
    chartSize: 1000,
    chartLoads: [2500, 5000, 10000],
    latencyLoad: 10000,
    windowSeconds: 1.5,
    windowMessages: 20,
    latencySeconds: 10,
    chartSeconds: 5,
    settleSeconds: 1.5,
    warmupSeconds: 0.5,
    warmupClients: 200,
    warmupPauseSeconds: EVICTION_PAUSE_SECONDS,
    connectBursts: 8,
    held: 10000,
    heldBroadcasts: 5,
    resumeClients: 1000,
    resumeMissed: 100,
    guarantees: true,
    profileMisses: true,
  },
  quick: {
    rounds: 1,
    sizes: [100, 1000],
    chartSize: 1000,
    chartLoads: [2500, 10000],
    latencyLoad: 10000,
    windowSeconds: 1,
    windowMessages: 3,
    latencySeconds: 2.5,
    chartSeconds: 2.5,
    settleSeconds: 1,
    warmupSeconds: 0.5,
    // Off: the pause it needs would not fit in a quick run's 3 minutes.
    warmupClients: 0,
    warmupPauseSeconds: 0,
    // Off: without the pause, their rooms' evictions would land inside the measured phases.
    connectBursts: 0,
    held: 0,
    heldBroadcasts: 0,
    resumeClients: 200,
    resumeMissed: 100,
    guarantees: false,
    profileMisses: false,
  },
  smoke: {
    rounds: 1,
    sizes: [20],
    chartSize: 20,
    chartLoads: [200],
    latencyLoad: 400,
    windowSeconds: 0.5,
    windowMessages: 3,
    latencySeconds: 0.5,
    chartSeconds: 0.5,
    settleSeconds: 0.2,
    warmupSeconds: 0.2,
    warmupClients: 5,
    warmupPauseSeconds: 0.2,
    connectBursts: 1,
    // A room of 20 held, so the large-room phases run in the smoke test too.
    held: 20,
    heldBroadcasts: 3,
    resumeClients: 5,
    resumeMissed: 3,
    guarantees: false,
    profileMisses: false,
  },
};
const preset = presets[mode]!;
const options: SuiteOptions = {
  ...preset,
  rounds: Number(arg("rounds") ?? preset.rounds),
  guarantees: has("guarantees") || preset.guarantees,
  sizes: arg("sizes")?.split(",").map(Number) ?? preset.sizes,
  // Quick runs keep what the targets compare (Parlor and the Workers baselines); the rest is
  // context, for full runs or --servers.
  servers: (
    arg("servers") ??
    SERVERS.filter((s) => mode === "full" || !CONTEXT_ONLY.includes(s.name))
      .map((s) => s.name)
      .join(",")
  ).split(","),
  log: (line) =>
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`),
};
const outDir = path.resolve(arg("out") ?? "bench/results");
const command = `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`;

function version(pkg: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join("node_modules", pkg, "package.json"), "utf8"))
      .version;
  } catch {
    return "?";
  }
}

const load = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");
const startedAt = new Date();
const loadBefore = load();
const disk = startDiskProbe();
const built = await buildBench(path.resolve(".parlor/bench"));
/** Writes the report for the rounds so far (after every server, so a cut-short run leaves one). */
function writeReport(rounds: RoundResult[], missProfiles?: ReportContext["missProfiles"]) {
  const servers = SERVERS.filter((s) => options.servers.includes(s.name));
  const summary = summarize(
    rounds,
    [
      ...servers.map((s) => s.name),
      ...(options.guarantees ? GUARANTEE_VARIANTS.map((s) => s.name) : []),
    ],
    options.sizes,
    options.latencyLoad,
    options.chartSize,
    options.chartLoads,
  );
  const resume = rounds[0]?.resume as Record<string, unknown> | undefined;
  const targets = checkTargets(summary, options.sizes, resume);
  const last = rounds[rounds.length - 1]!;
  const seconds = Math.round((Date.now() - startedAt.getTime()) / 1000);
  const context = {
    command,
    date: startedAt.toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? "?",
      cores: os.availableParallelism(),
      memory: `${Math.round(os.totalmem() / 1073741824)} GiB`,
      os: `${os.type()} ${os.release()}`,
      pinning: canPin
        ? "servers on core 0, load generator on core 1 (taskset)"
        : "none (taskset or a second core missing)",
      "load average before (1/5/15 min)": loadBefore,
      "load average after": load(),
      [`fsync on the state disk, every ${disk.report().everyMs} ms through the run`]: diskLine(
        disk.report(),
      ),
      // What else ran is known only to whoever started the run (BENCH_NOTE); the load averages
      // say how busy the machine was.
      "other work on the machine":
        process.env.BENCH_NOTE ??
        "not recorded (set BENCH_NOTE); see the load averages, and compare within a run",
      "duration (s)": seconds,
      "rounds finished": `${rounds.filter((r) => Object.keys(r.rooms).length >= servers.length).length} of ${options.rounds} planned (a report is written after every server)`,
    },
    versions: {
      node: process.version,
      workerd: version("@cloudflare/workerd-linux-64"),
      miniflare: version("miniflare"),
      wrangler: version("wrangler"),
      partyserver: version("partyserver"),
      ws: version("ws"),
      "socket.io": version("socket.io"),
    },
    settings: { mode, ...preset, rounds: options.rounds },
    servers: servers.map((s) => ({ name: s.name, describe: s.describe })),
    sizes: options.sizes,
    latencyLoad: options.latencyLoad,
    rounds: rounds.length,
    held: rounds[0]?.held ?? {},
    resume,
    disk: disk.report(),
    diskDuringLatency: diskDuringLatency(rounds, disk.during, options.sizes, options.latencyLoad),
    idleProcesses: Object.fromEntries(Object.entries(last.idle).map(([k, v]) => [k, v.processes])),
    ...(missProfiles ? { missProfiles } : {}),
  };

  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "latest.md"), markdown(summary, context, targets));
  fs.writeFileSync(
    path.join(outDir, "latest.json"),
    `${JSON.stringify({ context, targets, summary, rounds }, null, 1)}\n`,
  );
  for (const server of servers) {
    const points = summary.chart[server.name] ?? [];
    const title = `${server.name}: latency at N=${options.chartSize.toLocaleString("en-US")} (median of ${options.rounds})`;
    fs.writeFileSync(path.join(outDir, `chart-${server.name}.svg`), latencyChart(title, points));
  }
  if (mode !== "smoke" && outDir === path.resolve("bench/results")) {
    updateReadme("README.md", summary, context, targets);
  }
  return { seconds, targets };
}

options.progress = (rounds) => writeReport(rounds);
const rounds = await runSuite(built, options);
const first = writeReport(rounds);
let { seconds } = first;
if (preset.profileMisses || has("profile-misses")) {
  // Written first without them: a run cut short while profiling still leaves its report.
  const loads = loadsForMisses(first.targets, {
    latencyLoad: options.latencyLoad,
    seconds: 2 * options.windowSeconds,
    joins: 3000,
  });
  const warm = options.warmupClients;
  const profiles = await profileMisses(built, loads, warm, options.log);
  seconds = writeReport(rounds, { warm, profiles }).seconds;
}
await disk.stop();
options.log(
  `done in ${seconds} s: ${path.relative(process.cwd(), path.join(outDir, "latest.md"))}`,
);
process.exit(0);
