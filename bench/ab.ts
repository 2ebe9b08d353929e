// A quick A/B of the cost of joining, for checking one change without a full run: each named
// server (bench/servers) in turn gets `n` sockets, then a short flood (one sender unless told),
// and the line printed gives server CPU per connect (the figure least moved by other work on the
// machine), KB per idle connection, connects/s and deliveries/s, with each process's CPU seconds.
// Usage: npx tsx bench/ab.ts 2000 parlor minimal parlor minimal [--warm 500] [--senders 10]
//   [--bursts 10]
// (--warm K: first K sockets join another room and flood it briefly, so the measured room meets
// warm code, not the first calls of a fresh isolate; --senders K: the flood from K senders;
// --bursts K: after the flood, K more rooms of n joined in turn, 1 s apart, and the joins read
// over all of them: one burst of 100 lasts about 0.1 s, too short to compare two servers by.
// Servers: the full run's, among them `stored` (the minimal room that writes each frame before
// it broadcasts it) and `minimal-229` (the minimal room relaying frames as large as Parlor's),
// and Parlor's variants without a guarantee)
import os from "node:os";
import path from "node:path";
import { buildBench } from "./build.js";
import { numberFlag } from "./flags.js";
import { processTree, sampleTree } from "./load/proc.js";
import { runPlan } from "./load/run-plan.js";
import { GUARANTEE_VARIANTS, SERVERS } from "./servers/index.js";
import { warmUp } from "./suite.js";
import { spread } from "./summary.js";

const warm = numberFlag("warm", 0);
const senders = numberFlag("senders", 1);
const bursts = numberFlag("bursts", 0);
const n = Number(process.argv[2]);
const firstOption = process.argv.findIndex((arg, i) => i > 2 && arg.startsWith("--"));
const names = process.argv.slice(3, firstOption > 0 ? firstOption : undefined);
if (!(n > 1) || names.length === 0) throw new Error("usage: bench/ab.ts <n> <server>...");
const built = await buildBench(path.resolve(".parlor/bench"));
for (const name of names) {
  const kind = [...SERVERS, ...GUARANTEE_VARIANTS].find((s) => s.name === name);
  if (!kind) throw new Error(`unknown server ${name}`);
  const server = await kind.start(built);
  try {
    if (warm > 0) {
      // Long enough for the server to see the sockets close; the room is evicted later, after
      // the connects measured here (its eviction stalls the thread: bench/suite.ts).
      await warmUp(built, kind, server, {
        room: "warm",
        clients: warm,
        floodSeconds: 1,
        pauseSeconds: 1.5,
      });
    }
    const before = sampleTree(processTree(server.pid));
    const [connect, flood, more] = await runPlan(built, {
      host: "127.0.0.1",
      port: server.port,
      path: kind.path.replace("{room}", "ab"),
      dialect: kind.dialect,
      rawFrameBytes: kind.frameBytes,
      n,
      serverPids: [server.pid],
      probes: 10,
      phases: [
        { kind: "connect", concurrency: 256, settleSeconds: 2 },
        { kind: "saturate", senders, seconds: 2, warmupSeconds: 0.5 },
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
    const after = sampleTree(processTree(server.pid));
    const c = connect!.result as Record<string, number> & { handshake: { p50: number } };
    const f = flood!.result as Record<string, number>;
    const cpuPerConnect = ((c.serverCpuPercent! / 100) * c.seconds!) / (n - 1);
    const cpu = after.map((p) => {
      const was = before.find((q) => q.pid === p.pid)?.cpuSeconds ?? 0;
      return `${p.name} ${(p.cpuSeconds - was).toFixed(2)} s`;
    });
    console.log(
      [
        name,
        `cpu/connect ${Math.round(cpuPerConnect * 1e6)} µs`,
        `KB/connection ${c.idleKbPerConnection}`,
        `connects/s ${c.connectsPerSecond}`,
        `handshake p50 ${Math.round(c.handshake.p50)} ms`,
        ...(more ? [burstsText(more.result as Record<string, number[]>, cpuPerConnect, c)] : []),
        `deliveries/s ${f.deliveriesPerSecond} (${f.serverCpuMicrosPerDelivery} µs each)`,
        `load ${os.loadavg()[0]!.toFixed(1)}`,
        `[${cpu.join(", ")}]`,
      ].join(" | "),
    );
  } finally {
    await server.stop();
  }
}
process.exit(0);

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
