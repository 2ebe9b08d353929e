// A quick A/B of the cost of joining and of a flood, for checking one change without a full
// run: each named server (bench/servers) in turn gets `n` sockets, then a short flood (one sender
// unless told), and the line printed gives server CPU per connect (the figure least moved by
// other work on the machine), KB per idle connection, connects/s and deliveries/s, with each
// process's CPU seconds.
// Usage: npx tsx bench/ab.ts 2000 parlor minimal parlor minimal [--warm 500] [--senders 10]
//   [--bursts 10] [--seconds 2] [--rounds 12] [--latency 10000] [--warm-pause 15]
// (--warm K: first K sockets join another room and flood it briefly, so the measured room meets
// warm code, not the first calls of a fresh isolate; --warm-pause S: the wait after it, the
// full run's 15 s unless told, for the runtime to evict the warm-up room before anything is
// measured (its eviction stalls the thread; after a 1.5 s wait the minimal room's p99 read
// slower, though not proven to be from the eviction: docs/performance.md, "Why that A/B read
// the tail lower than the full runs"); --senders K: the flood from K senders;
// --bursts K: after the flood, K more rooms of n joined in turn, 1 s apart, and the joins read
// over all of them: one burst of 100 lasts about 0.1 s, too short to compare two servers by;
// --seconds S: the flood's measured length; --latency D: after the flood, 10 s at D deliveries/s
// from one sender, with every socket timing what it receives as in the full run, for p50 and
// p99 (the full run's latency figure), and the p99 of each message's first delivery (near the
// p99: the tail is whole messages held up, not a slow fan-out); --rounds R: the servers named,
// R times over, in reverse order every other round, then each server's figures over the rounds
// as the median of its per-round ratios to the first one named. One round's ratio moves by
// ±15-20% on these machines, so telling apart servers 5% apart takes a dozen rounds:
// docs/performance.md, "With more rounds, the room's handling of each message is the gap after
// all".)
// Servers: the full run's, among them `stored` (the minimal room that writes each frame before
// it broadcasts it) and `minimal-229` (the minimal room relaying frames as large as Parlor's),
// Parlor's variants without a guarantee, and `parlor-no-handling` (frames relayed as they came).
import os from "node:os";
import path from "node:path";
import { type AbFigures, roundOrder, roundsSummary } from "./ab-rounds.js";
import { buildBench } from "./build.js";
import { numberFlag } from "./flags.js";
import type { FirstDeliveries } from "./load/plan.js";
import { processTree, sampleTree } from "./load/proc.js";
import { runPlan } from "./load/run-plan.js";
import { DIAGNOSTIC_VARIANTS, GUARANTEE_VARIANTS, SERVERS } from "./servers/index.js";
import { EVICTION_PAUSE_SECONDS, warmUp } from "./suite.js";
import { spread } from "./summary.js";

const warm = numberFlag("warm", 0);
const warmPause = numberFlag("warm-pause", EVICTION_PAUSE_SECONDS);
const senders = numberFlag("senders", 1);
const bursts = numberFlag("bursts", 0);
const seconds = numberFlag("seconds", 2);
const rounds = numberFlag("rounds", 1);
const latency = numberFlag("latency", 0);
const n = Number(process.argv[2]);
const firstOption = process.argv.findIndex((arg, i) => i > 2 && arg.startsWith("--"));
const names = process.argv.slice(3, firstOption > 0 ? firstOption : undefined);
if (!(n > 1) || names.length === 0) throw new Error("usage: bench/ab.ts <n> <server>...");
const kinds = [...SERVERS, ...GUARANTEE_VARIANTS, ...DIAGNOSTIC_VARIANTS];
for (const name of names) {
  if (!kinds.some((s) => s.name === name)) throw new Error(`unknown server ${name}`);
}

const byRound: Map<string, AbFigures>[] = [];
const built = await buildBench(path.resolve(".parlor/bench"));
for (let round = 0; round < rounds; round++) {
  const figures = new Map<string, AbFigures>();
  byRound.push(figures);
  for (const name of roundOrder(names, round)) {
    const result = await measure(name);
    if (rounds > 1) console.log(`round ${round + 1}: ${result.line}`);
    else console.log(result.line);
    figures.set(name, result.figures);
  }
}
if (rounds > 1) console.log(`\n${roundsSummary(names, byRound).join("\n")}`);
process.exit(0);

async function measure(name: string): Promise<{ line: string; figures: AbFigures }> {
  const kind = kinds.find((s) => s.name === name)!;
  const server = await kind.start(built);
  try {
    if (warm > 0) {
      // By default long enough for the runtime to evict the room (EVICTION_PAUSE_SECONDS).
      await warmUp(built, kind, server, {
        room: "warm",
        clients: warm,
        floodSeconds: 1,
        pauseSeconds: warmPause,
      });
    }
    const before = sampleTree(processTree(server.pid));
    const [connect, flood, ...after] = await runPlan(built, {
      host: "127.0.0.1",
      port: server.port,
      path: kind.path.replace("{room}", "ab"),
      dialect: kind.dialect,
      rawFrameBytes: kind.frameBytes,
      n,
      serverPids: [server.pid],
      // The full run's latency phase has every socket of a small room time what it receives.
      probes: latency > 0 ? 100 : 10,
      phases: [
        { kind: "connect", concurrency: 256, settleSeconds: 2 },
        { kind: "saturate", senders, seconds, warmupSeconds: 0.5 },
        ...(latency > 0
          ? [
              {
                kind: "latency" as const,
                deliveriesPerSecond: latency,
                seconds: 10,
                warmupSeconds: 0.5,
              },
            ]
          : []),
        ...(bursts > 0
          ? [
              {
                kind: "bursts" as const,
                path: kind.path.replace("{room}", "ab-{b}"),
                n,
                count: bursts,
                settleSeconds: 1,
              },
            ]
          : []),
      ],
    });
    const sampled = sampleTree(processTree(server.pid));
    const timed =
      latency > 0
        ? (after.shift()?.result as Record<string, number> & { firstDelivery: FirstDeliveries })
        : undefined;
    const more = after[0];
    const c = connect!.result as Record<string, number> & { handshake: { p50: number } };
    const f = flood!.result as Record<string, number>;
    const cpuPerConnect = ((c.serverCpuPercent! / 100) * c.seconds!) / (n - 1);
    const cpu = sampled.map((p) => {
      const was = before.find((q) => q.pid === p.pid)?.cpuSeconds ?? 0;
      return `${p.name} ${(p.cpuSeconds - was).toFixed(2)} s`;
    });
    const line = [
      name,
      `cpu/connect ${Math.round(cpuPerConnect * 1e6)} µs`,
      `KB/connection ${c.idleKbPerConnection}`,
      `connects/s ${c.connectsPerSecond}`,
      `handshake p50 ${Math.round(c.handshake.p50)} ms`,
      ...(more ? [burstsText(more.result as Record<string, number[]>, cpuPerConnect, c)] : []),
      `deliveries/s ${f.deliveriesPerSecond} (${f.serverCpuMicrosPerDelivery} µs each)`,
      ...(timed
        ? [
            `at ${latency}/s p50 ${timed.p50} ms p99 ${timed.p99} ms (first deliveries' p99 ${timed.firstDelivery.p99} ms)`,
          ]
        : []),
      `load ${os.loadavg()[0]!.toFixed(1)}`,
      `[${cpu.join(", ")}]`,
    ].join(" | ");
    const figures: AbFigures = {
      connectsPerSecond: c.connectsPerSecond!,
      cpuPerConnect: cpuPerConnect * 1e6,
      deliveriesPerSecond: f.deliveriesPerSecond!,
      cpuPerDelivery: f.serverCpuMicrosPerDelivery!,
      ...(timed ? { p50: timed.p50!, p99: timed.p99! } : {}),
    };
    return { line, figures };
  } finally {
    await server.stop();
  }
}

/**
 * The measured room's joins and the extra bursts': connects/s as the median and range, server
 * CPU per connect as the mean (/proc counts CPU in 10 ms ticks: about 100 µs per join in a
 * burst of 100, so one burst's figure is a count of ticks).
 */
function burstsText(
  extra: Record<string, number[]>,
  cpuPerConnect: number,
  first: Record<string, number>,
): string {
  const cpu = [cpuPerConnect * 1e6, ...extra.serverCpuMicrosPerConnect!];
  const rates = spread([first.connectsPerSecond!, ...extra.connectsPerSecond!])!;
  const meanCpu = cpu.reduce((sum, v) => sum + v, 0) / cpu.length;
  return [
    `${rates.runs} bursts: connects/s ${Math.round(rates.median)}`,
    `(${Math.round(rates.min)}–${Math.round(rates.max)}), cpu/connect ${Math.round(meanCpu)} µs`,
  ].join(" ");
}
