// throwaway: latency at a fixed load, A/B
import os from "node:os";
import path from "node:path";
import { buildBench } from "./build.js";
import { runPlan } from "./load/run-plan.js";
import { GUARANTEE_VARIANTS, SERVERS } from "./servers/index.js";
const n = Number(process.argv[2]);
const rate = Number(process.env.RATE ?? 10000);
const built = await buildBench(path.resolve(".parlor/bench"));
for (const name of process.argv.slice(3)) {
  const kind = [...SERVERS, ...GUARANTEE_VARIANTS].find((s) => s.name === name)!;
  const server = await kind.start(built);
  const [, lat] = await runPlan(built, { host: "127.0.0.1", port: server.port, path: kind.path.replace("{room}", "lat"), dialect: kind.dialect, n, serverPids: [server.pid], probes: 10,
    phases: [{ kind: "connect", concurrency: 256, settleSeconds: 1 }, { kind: "latency", deliveriesPerSecond: rate, seconds: 5, warmupSeconds: 1 }] });
  const r = lat!.result as { latency: { p50: number; p99: number; max: number; samples: number } } & Record<string, number>;
  console.log(name, JSON.stringify(r.latency ?? r), `cpu ${r.serverCpuPercent} load ${os.loadavg()[0]!.toFixed(1)}`);
  await server.stop();
}
process.exit(0);
