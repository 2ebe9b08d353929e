// One CPU profile of the Worker's isolate under one load: Parlor (as `serve()` runs it for
// `npm start`) or the minimal room, started here with workerd's inspector open, warmed up as
// `npm run bench` warms each server, then profiled while the load generator runs the load.
// Used by `bench/profile.ts` and by `npm run bench` for the targets a run missed.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Miniflare } from "miniflare";
import { serve } from "../../cli/server/serve.js";
import type { Phase } from "../load/plan.js";
import { processTree, sampleTree } from "../load/proc.js";
import { type PhaseResult, runPlan } from "../load/run-plan.js";
import { baselineOptions } from "../servers/baseline-options.js";
import { BENCH_RATE_LIMITS, MINIMAL, PARLOR } from "../servers/index.js";
import { canPin } from "../servers/spawn.js";
import { warmUp } from "../suite.js";
import { type Inspector, openInspector } from "./inspector.js";
import { type CpuProfile, selfTime } from "./self-time.js";

/** The sampling interval asked of V8, in µs (it falls behind: see `LoadProfile.busy`). */
export const SAMPLE_MICROS = 200;

export type ProfileLoad =
  /** `rooms` rooms of `n` joined one after another (each closes as the next begins). */
  | { kind: "connects"; n: number; rooms: number }
  | { kind: "saturate"; n: number; senders: number; seconds: number }
  | { kind: "latency"; n: number; deliveriesPerSecond: number; seconds: number };

export type ProfiledServer = "parlor" | "minimal";

export interface LoadProfile {
  server: ProfiledServer;
  load: ProfileLoad;
  unit: "join" | "delivery";
  /**
   * The server's CPU per join or delivery, as the load generator read it from /proc meanwhile
   * (the median over the rooms, for connects).
   */
  serverCpuMicrosPerUnit: number | null;
  samples: number;
  /** Samples not idle. Shares only: V8's sampler falls far behind the interval asked (a 4.4 s
   * flood of ten senders into 100 sockets gave 1,321 samples, not 22,000), and a sample's time
   * delta also holds time spent outside JavaScript, so samples are not a clock. */
  busy: number;
  /** The functions with the most self samples; `share`: of the busy samples. */
  functions: { name: string; share: number }[];
  /** What the load generator measured meanwhile (the last room's, for connects). */
  result: Record<string, unknown>;
}

export interface InspectedServer {
  /** This process: the server's workerd runs as its child. */
  pid: number;
  port: number;
  inspector: Inspector;
  stop(): Promise<void>;
}

/** Parlor as `npm start` serves it, or the minimal room as the benchmark hosts it. */
export async function startInspected(
  built: string,
  server: ProfiledServer,
): Promise<InspectedServer> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-profile-"));
  const inspectorPort = 9229 + Math.floor(Math.random() * 500);
  const running =
    server === "minimal"
      ? await (async () => {
          const miniflare = new Miniflare({
            ...baselineOptions(path.join(built, "workers/minimal.js"), stateDir),
            inspectorPort,
          });
          return { url: await miniflare.ready, stop: () => miniflare.dispose() };
        })()
      : await serve({
          port: 0,
          stateDir,
          verbose: false,
          containers: false,
          vars: BENCH_RATE_LIMITS,
          inspectorPort,
        });
  // As the benchmark's servers: workerd on core 0, the load generator on core 1.
  if (canPin) {
    for (const pid of workerdPids()) execFileSync("taskset", ["-a", "-p", "-c", "0", String(pid)]);
  }
  const inspector = await openInspector(inspectorPort);
  return {
    pid: process.pid,
    port: Number(running.url.port),
    inspector,
    stop: async () => {
      inspector.close();
      await running.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** A flood load as the load generator's phase, after a 0.5 s warm-up of its own. */
export function floodPhase(load: Exclude<ProfileLoad, { kind: "connects" }>): Phase {
  return load.kind === "saturate"
    ? { kind: "saturate", senders: load.senders, seconds: load.seconds, warmupSeconds: 0.5 }
    : { ...load, kind: "latency", warmupSeconds: 0.5 };
}

/** The benchmark's description of the server: its room's path and its sockets' dialect. */
const kindOf = (server: ProfiledServer) => (server === "minimal" ? MINIMAL : PARLOR);

/** The workerd processes this process runs (Miniflare starts them as its children). */
function workerdPids(): number[] {
  return sampleTree(processTree(process.pid))
    .filter((p) => p.name === "workerd")
    .map((p) => p.pid);
}

/** `clients` sockets join a room of their own and flood it, as `npm run bench` warms a server. */
export async function warm(
  built: string,
  server: ProfiledServer,
  running: InspectedServer,
  clients: number,
): Promise<void> {
  if (clients <= 0) return;
  const kind = kindOf(server);
  await warmUp(built, kind, running, { room: "warmup", clients, floodSeconds: 1, pauseSeconds: 1 });
}

/** Runs phases against a room of the server in this process (its workerd is our child). */
export function planOn(
  built: string,
  server: ProfiledServer,
  port: number,
  room: string,
  n: number,
  phases: Phase[],
  onPhase?: (result: PhaseResult) => void,
): Promise<PhaseResult[]> {
  const kind = kindOf(server);
  return runPlan(
    built,
    {
      host: "127.0.0.1",
      port,
      path: kind.path.replace("{room}", room),
      dialect: kind.dialect,
      rawFrameBytes: kind.frameBytes,
      n,
      serverPids: workerdPids(),
      probes: 10,
      phases,
    },
    onPhase,
  );
}

/** Starts the server, warms it up with `warm` sockets, profiles the load, stops the server. */
export async function profileLoad(
  built: string,
  server: ProfiledServer,
  load: ProfileLoad,
  options: { warm: number; top?: number },
): Promise<{ summary: LoadProfile; profile: CpuProfile }> {
  const running = await startInspected(built, server);
  try {
    await warm(built, server, running, options.warm);
    const { call } = running.inspector;
    await call("Profiler.enable");
    await call("Profiler.setSamplingInterval", { interval: SAMPLE_MICROS });
    const results: Record<string, unknown>[] = [];
    if (load.kind === "connects") {
      // Joins: the profile holds every room's joins and, as each load generator exits, leaves.
      await call("Profiler.start");
      for (let room = 0; room < load.rooms; room++) {
        const phases: Phase[] = [{ kind: "connect", concurrency: 256, settleSeconds: 0.5 }];
        const [connect] = await planOn(
          built,
          server,
          running.port,
          `profile-${room}`,
          load.n,
          phases,
        );
        if (connect) results.push(connect.result);
      }
    } else {
      // A flood: the profile starts once the sockets are in, so their joins stay out of it;
      // the flood's own warm-up covers the moment the profiler takes to start.
      let started: Promise<unknown> | undefined;
      const flood = floodPhase(load);
      const phases: Phase[] = [{ kind: "connect", concurrency: 256, settleSeconds: 0.2 }, flood];
      const done = await planOn(built, server, running.port, "profile", load.n, phases, (r) => {
        if (r.phase.kind === "connect") started = call("Profiler.start");
      });
      await started;
      const measured = done.at(-1);
      if (measured) results.push(measured.result);
    }
    const { profile } = (await call("Profiler.stop")) as { profile: CpuProfile };
    return { summary: summarize(server, load, profile, results, options.top ?? 10), profile };
  } finally {
    await running.stop();
  }
}

function summarize(
  server: ProfiledServer,
  load: ProfileLoad,
  profile: CpuProfile,
  results: Record<string, unknown>[],
  top: number,
): LoadProfile {
  const self = selfTime(profile);
  const cpu = results
    .map((r) => cpuPerUnit(load, r))
    .filter((v) => Number.isFinite(v))
    .sort((a, b) => a - b);
  return {
    server,
    load,
    unit: load.kind === "connects" ? "join" : "delivery",
    serverCpuMicrosPerUnit: cpu.length ? cpu[Math.floor(cpu.length / 2)]! : null,
    samples: self.samples,
    busy: self.busy,
    functions: self.functions.slice(0, top).map((f) => ({
      name: f.name,
      share: Number((f.samples / Math.max(1, self.busy)).toFixed(4)),
    })),
    result: results.at(-1) ?? {},
  };
}

/** µs of server CPU per join or delivery in one phase's result (NaN when it has none). */
function cpuPerUnit(load: ProfileLoad, r: Record<string, unknown>): number {
  if (load.kind === "connects") return Number(r.serverCpuMicrosPerConnect);
  if (load.kind === "saturate") return Number(r.serverCpuMicrosPerDelivery);
  // The fixed load: the phase's CPU over what it delivered.
  const delivered = Number(r.messages) * load.n - Number(r.lost ?? 0);
  const micros = (Number(r.serverCpuPercent) / 100) * Number(r.seconds) * 1e6;
  return Number((micros / delivered).toFixed(2));
}
