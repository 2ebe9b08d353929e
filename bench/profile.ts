// Where Parlor's Durable Object spends its CPU under a flood: a V8 CPU profile taken through
// workerd's inspector while the load generator floods one room, summed by function
// (bench/profile/take.ts; `npm run bench` takes the same profiles for the targets it missed).
// Usage: npx tsx bench/profile.ts [--n 100] [--seconds 5] [--senders 1] [--connects]
//   [--latency 10000] [--minimal] [--rooms 1] [--warm 0] [--heap]
// (--connects: profile only the sockets joining, not a flood; --latency: the fixed load of the
// latency figure, in deliveries/s, instead of a flood; --minimal: the minimal room instead of
// Parlor, the same way, to see what the baseline spends on the same load; --rooms K: K rooms of
// N one after another, for enough samples of a small room; --warm K: K sockets join and flood a
// room of their own before the profile starts, as `npm run bench` warms each server up)
// Prints the server's CPU per join or delivery (from /proc) and the top functions by their
// share of the isolate's busy samples, and writes .parlor/profile.cpuprofile (open it in Chrome DevTools).
// --heap: instead of a CPU profile, the isolate's heap in use every 10 ms (Runtime.getHeapUsage)
// and each collection that freed more than 1 MiB: when, how much, and what stayed live. Those
// collections pause the thread every socket of the room is served from. Polling through the
// inspector adds its own load, so read the cycle from it, not the latency it prints. With
// --latency it also lists the messages whose first delivery was slowest, each beside the
// collection that ended while it waited, if one did (docs/performance.md, "The pauses,
// collection by collection").
import fs from "node:fs";
import path from "node:path";
import { buildBench } from "./build.js";
import { numberFlag } from "./flags.js";
import type { FirstDeliveries } from "./load/plan.js";
import type { Inspector } from "./profile/inspector.js";
import {
  floodPhase,
  type ProfiledServer,
  type ProfileLoad,
  planOn,
  profileLoad,
  startInspected,
  warm as warmServer,
} from "./profile/take.js";

const n = numberFlag("n", 100);
const seconds = numberFlag("seconds", 5);
const senders = numberFlag("senders", 1);
const latencyLoad = numberFlag("latency", 0);
const rooms = numberFlag("rooms", 1);
const warm = numberFlag("warm", 0);
const server: ProfiledServer = process.argv.includes("--minimal") ? "minimal" : "parlor";
const load: ProfileLoad = process.argv.includes("--connects")
  ? { kind: "connects", n, rooms }
  : latencyLoad > 0
    ? { kind: "latency", n, deliveriesPerSecond: latencyLoad, seconds }
    : { kind: "saturate", n, senders, seconds };
const who = server === "minimal" ? "minimal room" : "Parlor";

const built = await buildBench(path.resolve(".parlor/bench"));
if (process.argv.includes("--heap")) {
  const running = await startInspected(built, server);
  await warmServer(built, server, running, warm);
  const heap = sampleHeap(running.inspector);
  const flood = floodPhase(
    load.kind === "connects" ? { kind: "saturate", n, senders, seconds } : load,
  );
  const results = await planOn(built, server, running.port, "profile", n, [
    { kind: "connect", concurrency: 256, settleSeconds: 0.5 },
    flood,
  ]);
  const { start, samples } = await heap.stop();
  await running.stop();
  const result = results.at(-1)?.result as Record<string, unknown>;
  const { firstDelivery, ...rest } = result;
  console.log(`\n${who}, N=${n}: ${JSON.stringify(rest)}`);
  const freed = reportHeap(samples);
  if (firstDelivery) {
    const timedFrom = Date.parse(String(result.timedFrom)) - start;
    reportStalls(firstDelivery as FirstDeliveries, timedFrom, freed);
  }
  process.exit(0);
}

const { summary: profile, profile: raw } = await profileLoad(built, server, load, {
  warm,
  top: 30,
});
fs.writeFileSync(".parlor/profile.cpuprofile", JSON.stringify(raw));
const what =
  load.kind === "connects"
    ? "connects"
    : load.kind === "latency"
      ? `${load.deliveriesPerSecond} deliveries/s`
      : `${load.senders} sender(s)`;
console.log(`\n${who}, N=${n}, ${what}: ${JSON.stringify(profile.result)}`);
console.log(
  `server CPU ${profile.serverCpuMicrosPerUnit} µs per ${profile.unit}; profile: ${profile.samples} samples on the Worker's isolate thread, ${profile.busy} of them busy; by self samples, of the busy ones:`,
);
for (const f of profile.functions) {
  console.log(`${`${(100 * f.share).toFixed(1)}%`.padStart(7)}  ${f.name}`);
}
process.exit(0);

/** A drop in the heap in use between two samples: a collection, seen when it had ended. */
interface Freed {
  ms: number;
  from: number;
  to: number;
}

/** Heap in use (bytes) every 10 ms, from now until `stop`, by time (ms) since `start` (epoch). */
function sampleHeap(inspector: Inspector) {
  const samples: { ms: number; used: number }[] = [];
  const start = Date.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { usedSize } = (await inspector.call("Runtime.getHeapUsage")) as { usedSize: number };
      samples.push({ ms: Date.now() - start, used: usedSize });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { start, samples };
    },
  };
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

function reportHeap(samples: { ms: number; used: number }[]): Freed[] {
  const freed = samples.flatMap((s, i) => {
    const before = samples[i - 1];
    return before && before.used - s.used > 2 ** 20
      ? [{ ms: s.ms, from: before.used, to: s.used }]
      : [];
  });
  console.log(`\nheap in use, ${samples.length} samples over ${samples.at(-1)?.ms ?? 0} ms:`);
  for (const c of freed) console.log(`  at ${c.ms} ms: ${mb(c.from)} -> ${mb(c.to)} MiB`);
  if (freed.length === 0) {
    console.log("no collection freed more than 1 MiB");
    return freed;
  }
  // A full collection leaves about what is live; the time between them is the cycle.
  const lowest = Math.min(...freed.map((c) => c.to));
  const full = freed.filter((c) => c.to < lowest + 2 ** 20);
  const gaps = full.slice(1).map((c, i) => c.ms - full[i]!.ms);
  console.log(
    `collections freeing > 1 MiB: ${freed.length}; down to the live heap (${mb(lowest)} MiB, within 1 MiB): ${full.length}, ${gaps.join(", ")} ms apart`,
  );
  return freed;
}

/**
 * The messages whose first delivery was slowest, on the heap's clock (`timedFrom`: when the timed
 * window began on it), each beside the collection seen to end while it waited, if one did.
 */
function reportStalls(first: FirstDeliveries, timedFrom: number, freed: Freed[]) {
  console.log(
    `\nfirst deliveries: ${first.messages} messages, p99 ${first.p99} ms; the slowest, by when they were sent:`,
  );
  for (const slow of first.slowest) {
    const sent = timedFrom + slow.atMs;
    // The sampler polls every 10 ms, and a poll waits for the isolate: allow 30 ms more.
    const during = freed.find((c) => c.ms >= sent && c.ms <= sent + slow.firstMs + 30);
    const where = during
      ? `, while the collection seen at ${during.ms} ms ran (${mb(during.from)} -> ${mb(during.to)} MiB)`
      : "";
    console.log(
      `  sent at ${Math.round(sent)} ms: first delivered after ${slow.firstMs} ms${where}`,
    );
  }
}
