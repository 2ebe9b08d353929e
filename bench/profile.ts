// Where Parlor's Durable Object spends its CPU under a flood: a V8 CPU profile taken through
// workerd's inspector while the load generator floods one room, summed by function.
// Usage: npx tsx bench/profile.ts [--n 100] [--seconds 5] [--senders 1] [--connects]
//   [--latency 10000] [--minimal] [--rooms 1] [--warm 0] [--heap]
// (--connects: profile only the sockets joining, not a flood; --latency: the fixed load of the
// latency figure, in deliveries/s, instead of a flood; --minimal: the minimal room instead of
// Parlor, the same way, to see what the baseline spends on the same load; --rooms K: K rooms of
// N one after another, for enough samples of a small room; --warm K: K sockets join and flood a
// room of their own before the profile starts, as `npm run bench` warms each server up)
// Prints the top functions by self time and the share of samples spent outside JavaScript,
// and writes .parlor/profile.cpuprofile (open it in Chrome DevTools).
// --heap: instead of a CPU profile, the isolate's heap in use every 10 ms (Runtime.getHeapUsage)
// and each collection that freed more than 1 MiB: when, how much, and what stayed live. Those
// collections pause the thread every socket of the room is served from. Polling through the
// inspector adds its own load, so read the cycle from it, not the latency it prints.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Miniflare } from "miniflare";
import WebSocket from "ws";
import { serve } from "../cli/server/serve.js";
import { buildBench } from "./build.js";
import type { Phase } from "./load/plan.js";
import { processTree, sampleTree } from "./load/proc.js";
import { type PhaseResult, runPlan } from "./load/run-plan.js";
import { baselineOptions } from "./servers/baseline-options.js";
import { BENCH_RATE_LIMITS, MINIMAL, PARLOR } from "./servers/index.js";
import { warmUp } from "./suite.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const n = flag("n", 100);
const seconds = flag("seconds", 5);
const senders = flag("senders", 1);
const connectsOnly = process.argv.includes("--connects");
const latencyLoad = flag("latency", 0);
const minimal = process.argv.includes("--minimal");
const rooms = flag("rooms", 1);
const warm = flag("warm", 0);
const heapOnly = process.argv.includes("--heap");
const inspectorPort = 9229 + Math.floor(Math.random() * 500);

const built = await buildBench(path.resolve(".parlor/bench"));
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-profile-"));
const server = minimal
  ? await serveMinimal()
  : await serve({
      port: 0,
      stateDir,
      verbose: false,
      containers: false,
      vars: BENCH_RATE_LIMITS,
      inspectorPort,
    });

/** The minimal room as bench/servers/workerd-host.ts runs it, with the inspector open. */
async function serveMinimal(): Promise<{ url: URL; stop(): Promise<void> }> {
  const miniflare = new Miniflare({
    ...baselineOptions(path.join(built, "workers/minimal.js"), stateDir),
    inspectorPort,
  });
  return { url: await miniflare.ready, stop: () => miniflare.dispose() };
}

async function inspector(): Promise<{
  call: (method: string, params?: object) => Promise<unknown>;
}> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as {
    id: string;
    title?: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = targets.find((t) => /parlor/.test(`${t.title} ${t.id}`)) ?? targets[0];
  if (!target) throw new Error("no inspector target");
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let next = 1;
  const pending = new Map<number, (value: unknown) => void>();
  ws.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  return {
    call: (method, params = {}) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      }),
  };
}

/** Where a room is, and how its sockets speak: as the benchmark's own servers declare it. */
const kind = minimal ? MINIMAL : PARLOR;
const port = Number(server.url.port);
const plan = (room: string, size: number, phases: Phase[]) =>
  runPlan(built, {
    host: "127.0.0.1",
    port,
    path: kind.path.replace("{room}", room),
    dialect: kind.dialect,
    n: size,
    serverPids: sampleTree(processTree(process.pid))
      .filter((p) => p.name === "workerd")
      .map((p) => p.pid),
    probes: 10,
    phases,
  });
if (warm > 0) {
  const where = { pid: process.pid, port };
  await warmUp(built, kind, where, {
    room: "warmup",
    clients: warm,
    floodSeconds: 1,
    pauseSeconds: 1,
  });
}

const cdp = await inspector();
const heap = heapOnly ? sampleHeap(cdp) : null;
if (!heap) {
  await cdp.call("Profiler.enable");
  await cdp.call("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.call("Profiler.start");
}
const results: PhaseResult[] = [];
for (let room = 0; room < rooms; room++) {
  results.push(
    ...(await plan(`profile-${room}`, n, [
      { kind: "connect", concurrency: 256, settleSeconds: 0.5 },
      ...(connectsOnly
        ? []
        : latencyLoad > 0
          ? [
              {
                kind: "latency" as const,
                deliveriesPerSecond: latencyLoad,
                seconds,
                warmupSeconds: 0.5,
              },
            ]
          : [{ kind: "saturate" as const, senders, seconds, warmupSeconds: 0.5 }]),
    ])),
  );
}
const samples = heap ? await heap.stop() : null;
const profile = heap ? null : ((await cdp.call("Profiler.stop")) as { profile: Profile }).profile;
await server.stop();
fs.rmSync(stateDir, { recursive: true, force: true });
if (!profile) {
  console.log(
    `\n${minimal ? "minimal room" : "Parlor"}, N=${n}: ${JSON.stringify(results.at(-1)?.result)}`,
  );
  reportHeap(samples ?? []);
  process.exit(0);
}
fs.writeFileSync(".parlor/profile.cpuprofile", JSON.stringify(profile));

// Self time per function, counted in samples: on a busy machine a sample's time delta also
// holds the time the thread was preempted (seen up to 0.7 s), so deltas would mislead.
const self = new Map<number, number>();
for (const id of profile.samples) self.set(id, (self.get(id) ?? 0) + 1);
const byName = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const t = self.get(node.id) ?? 0;
  total += t;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${path.basename(url)}:${lineNumber + 1}` : "";
  const key = `${functionName || "(anonymous)"} ${where}`.trim();
  byName.set(key, (byName.get(key) ?? 0) + t);
}
const share = (t: number) => `${((100 * t) / total).toFixed(1)}%`;
const phase = connectsOnly ? "connect" : latencyLoad > 0 ? "latency" : "saturate";
const measured = results.find((r) => r.phase.kind === phase);
const what = connectsOnly
  ? "connects"
  : latencyLoad > 0
    ? `${latencyLoad} deliveries/s`
    : `${senders} sender(s)`;
console.log(
  `\n${minimal ? "minimal room" : "Parlor"}, N=${n}, ${what}: ${JSON.stringify(measured?.result)}`,
);
console.log(`profile: ${total} samples (every 200 µs) on the Worker's isolate thread`);
for (const [name, t] of [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`${share(t).padStart(7)}  ${name}`);
}
process.exit(0);

/** Heap in use (bytes) every 10 ms, from now until `stop`, by time (ms) since the start. */
function sampleHeap(cdp: { call: (method: string) => Promise<unknown> }) {
  const samples: { ms: number; used: number }[] = [];
  const start = Date.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { usedSize } = (await cdp.call("Runtime.getHeapUsage")) as { usedSize: number };
      samples.push({ ms: Date.now() - start, used: usedSize });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

function reportHeap(samples: { ms: number; used: number }[]) {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const freed = samples.flatMap((s, i) => {
    const before = samples[i - 1];
    return before && before.used - s.used > 2 ** 20
      ? [{ ms: s.ms, from: before.used, to: s.used }]
      : [];
  });
  console.log(`\nheap in use, ${samples.length} samples over ${samples.at(-1)?.ms ?? 0} ms:`);
  for (const c of freed) console.log(`  at ${c.ms} ms: ${mb(c.from)} -> ${mb(c.to)} MiB`);
  if (freed.length === 0) return console.log("no collection freed more than 1 MiB");
  // A full collection leaves about what is live; the time between them is the cycle.
  const lowest = Math.min(...freed.map((c) => c.to));
  const full = freed.filter((c) => c.to < lowest + 2 ** 20);
  const gaps = full.slice(1).map((c, i) => c.ms - full[i]!.ms);
  console.log(
    `collections freeing > 1 MiB: ${freed.length}; down to the live heap (${mb(lowest)} MiB, within 1 MiB): ${full.length}, ${gaps.join(", ")} ms apart`,
  );
}
