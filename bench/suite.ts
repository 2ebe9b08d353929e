// What one `npm run bench` measures, round by round. Every server runs under the same load in
// the same round; rounds rotate the server order so slow drift on a shared machine does not
// always land on the same server.

import type { Phase } from "./load/plan.js";
import { processTree, totals } from "./load/proc.js";
import { runPlan } from "./load/run-plan.js";
import { GUARANTEE_VARIANTS, MINIMAL, PARLOR, SERVERS, type ServerKind } from "./servers/index.js";
import { spread } from "./summary.js";

/**
 * How long to wait after a warm-up for the runtime to evict the warm-up room. Its eviction
 * stalls the thread, and inside a measured phase it showed as the minimal room's p99 at N=100:
 * 97–119 ms after a 1.5 s wait, 7–15 ms after 15 s (no warm-up: 5–8 ms).
 */
export const EVICTION_PAUSE_SECONDS = 15;

export interface SuiteOptions {
  rounds: number;
  sizes: number[];
  /** The room size whose latency is charted against load. */
  chartSize: number;
  chartLoads: number[];
  /** Deliveries/s at which latency is compared across servers. */
  latencyLoad: number;
  windowSeconds: number;
  /**
   * A flood's window also lasts until it holds this many messages: into 5,000 sockets a server
   * sends 5–7 messages a second, and 1.5 s of those is eight or nine messages, too few for one
   * slow turn not to move the figure (in the run at e5f474b, one server's three rounds there
   * spread up to 1.23×).
   */
  windowMessages: number;
  /**
   * The window of the latency phase the targets judge (`latencyLoad`). At 10,000 deliveries/s
   * N=100 is 100 messages a second: over 5 s the p99 was the fifth-slowest of 500 messages, and
   * Parlor ÷ minimal there spread 0.60–5.78× across the three rounds of the run at e5f474b.
   */
  latencySeconds: number;
  /** The window of the chart's other loads, which no target judges. */
  chartSeconds: number;
  /** Idle time after connecting, before memory per connection is read. */
  settleSeconds: number;
  warmupSeconds: number;
  /**
   * Sockets that join a room of their own and flood it before the measured rooms, then leave:
   * the first room a fresh server meets otherwise pays for its isolate's first calls (code not
   * yet compiled, a heap still growing), and small rooms are measured inside that.
   */
  warmupClients: number;
  /** The wait after the warm-up (EVICTION_PAUSE_SECONDS, where it fits the run's length). */
  warmupPauseSeconds: number;
  /**
   * Extra bursts of joins into fresh rooms for each size of up to 1,000 sockets, after all else
   * (joinBursts). A room of 100 joins in about 0.1 s: one burst per round is too short a window
   * for a rate (the last two full runs' N=100 figure moved 0.47–0.88× between rounds).
   * connects/s is the median of these bursts and the measured room's own; server CPU per connect
   * the mean over the same joins.
   */
  connectBursts: number;
  /** 0 skips the large-room check. */
  held: number;
  /** Broadcasts in turn to the held room: the first, and the ones after it (warm memory). */
  heldBroadcasts: number;
  resumeClients: number;
  resumeMissed: number;
  guarantees: boolean;
  servers: string[];
  log: (line: string) => void;
  /** Called after every server's measurements with every round so far (partial reports). */
  progress?: (rounds: RoundResult[]) => void;
}

export type Measurement = Record<string, unknown>;

export interface RoundResult {
  round: number;
  /** server → room size → phase name → result */
  rooms: Record<string, Record<number, Record<string, Measurement>>>;
  /** server → idle RSS with no connections (MiB) and the processes it counted */
  idle: Record<string, { rssMiB: number; processes: { name: string; rssMiB: number }[] }>;
  held: Record<string, Measurement>;
  resume?: Measurement;
}

function phaseName(phase: Phase): string {
  switch (phase.kind) {
    case "connect":
      return "connect";
    case "saturate":
      return `saturate-${phase.senders}`;
    case "latency":
      return `latency-${phase.deliveriesPerSecond}`;
    default:
      return phase.kind;
  }
}

function rotate<T>(items: T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

async function idleRss(pid: number) {
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const sample = totals(processTree(pid));
  return {
    rssMiB: Number((sample.rssBytes / 1048576).toFixed(1)),
    processes: sample.processes.map((p) => ({
      name: p.name,
      rssMiB: Number((p.rssBytes / 1048576).toFixed(1)),
    })),
  };
}

/**
 * The same for every server: `clients` sockets join a room of their own, flood it for
 * `floodSeconds` and leave (as the load generator exits); then `pauseSeconds` pass.
 */
export async function warmUp(
  built: string,
  kind: Pick<ServerKind, "path" | "dialect" | "frameBytes">,
  server: { pid: number; port: number },
  warm: { room: string; clients: number; floodSeconds: number; pauseSeconds: number },
) {
  await runPlan(built, {
    host: "127.0.0.1",
    port: server.port,
    path: kind.path.replace("{room}", warm.room),
    dialect: kind.dialect,
    rawFrameBytes: kind.frameBytes,
    n: warm.clients,
    serverPids: [server.pid],
    probes: 1,
    phases: [
      { kind: "connect", concurrency: 256, settleSeconds: 0 },
      { kind: "saturate", senders: 1, seconds: warm.floodSeconds, warmupSeconds: 0 },
    ],
  });
  await sleep(warm.pauseSeconds);
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * Extra bursts of one size: each one's connects/s and server CPU per join (µs), and the joins
 * that failed in all of them.
 */
type Bursts = { rates: number[]; cpu: number[]; failed: number };

/**
 * `count` more rooms of each size joined in turn, 1 s apart, by one load generator that holds
 * every socket until it exits (an emptied room is evicted a few seconds later, and an eviction
 * stalls the thread). Taken last: the memory those sockets free would be reused by any room
 * measured after them, and spoil its memory per connection. Returns them by size.
 */
async function joinBursts(
  built: string,
  kind: ServerKind,
  server: { pid: number; port: number },
  sizes: number[],
  count: number,
  round: number,
): Promise<Record<number, Bursts>> {
  const results = await runPlan(built, {
    host: "127.0.0.1",
    port: server.port,
    path: kind.path,
    dialect: kind.dialect,
    rawFrameBytes: kind.frameBytes,
    n: 0,
    serverPids: [server.pid],
    probes: 0,
    phases: sizes.map((n) => ({
      kind: "bursts" as const,
      path: kind.path.replace("{room}", `burst-${round}-${n}-{b}`),
      n,
      count,
      settleSeconds: 1,
    })),
  });
  const bursts: Record<number, Bursts> = {};
  for (const { phase, result } of results) {
    if (phase.kind !== "bursts") continue;
    bursts[phase.n] = {
      rates: result.connectsPerSecond as number[],
      cpu: result.serverCpuMicrosPerConnect as number[],
      failed: result.failed as number,
    };
  }
  return bursts;
}

/**
 * The figures the report shows, over the extra bursts and the measured room's: the median rate,
 * and the mean server CPU per join. /proc counts CPU in 10 ms ticks, so one burst of 100 joins
 * is read to about ±10%; the mean over all of them is not. A rate counts only the joins that
 * succeeded, so the failures go beside it.
 */
function connectsOf(
  inRoom: Measurement | undefined,
  bursts: Bursts = { rates: [], cpu: [], failed: 0 },
): Measurement {
  const withOwn = (values: number[], own: unknown) =>
    typeof own === "number" ? [...values, own] : values;
  const all = withOwn(bursts.rates, inRoom?.connectsPerSecond);
  const cpu = withOwn(bursts.cpu, inRoom?.serverCpuMicrosPerConnect);
  const failed = (typeof inRoom?.failed === "number" ? inRoom.failed : 0) + bursts.failed;
  return {
    connectsPerSecond: spread(all)?.median ?? null,
    bursts: all,
    serverCpuMicrosPerConnect:
      cpu.length > 0 ? Math.round(cpu.reduce((sum, v) => sum + v, 0) / cpu.length) : null,
    cpuBursts: cpu,
    failed,
  };
}

async function measureServer(
  built: string,
  kind: ServerKind,
  options: SuiteOptions,
  round: RoundResult,
  extras: { sizes: number[]; full: boolean },
) {
  options.log(`round ${round.round + 1}: ${kind.name}: starting`);
  const server = await kind.start(built);
  try {
    round.idle[kind.name] = await idleRss(server.pid);
    if (options.warmupClients > 0) {
      await warmUp(built, kind, server, {
        room: `warmup-${round.round}`,
        clients: options.warmupClients,
        floodSeconds: options.windowSeconds,
        // Long enough for the runtime to evict the warm-up room (warmupPauseSeconds).
        pauseSeconds: options.warmupPauseSeconds,
      });
    }
    const rooms: Record<number, Record<string, Measurement>> = {};
    for (const n of extras.sizes) {
      const phases: Phase[] = [
        { kind: "connect", concurrency: 256, settleSeconds: options.settleSeconds },
        {
          kind: "saturate",
          senders: 1,
          seconds: options.windowSeconds,
          warmupSeconds: options.warmupSeconds,
          minMessages: options.windowMessages,
        },
      ];
      if (extras.full) {
        phases.push({
          kind: "saturate",
          senders: 10,
          seconds: options.windowSeconds,
          warmupSeconds: options.warmupSeconds,
          minMessages: options.windowMessages,
        });
        const loads =
          n === options.chartSize
            ? [...new Set([...options.chartLoads, options.latencyLoad])]
            : [options.latencyLoad];
        for (const load of loads.sort((a, b) => a - b)) {
          phases.push({
            kind: "latency",
            deliveriesPerSecond: load,
            seconds: load === options.latencyLoad ? options.latencySeconds : options.chartSeconds,
            warmupSeconds: options.warmupSeconds,
          });
        }
      }
      const results = await runPlan(built, {
        host: "127.0.0.1",
        port: server.port,
        path: kind.path.replace("{room}", `bench-${n}-${round.round}`),
        dialect: kind.dialect,
        rawFrameBytes: kind.frameBytes,
        n,
        serverPids: [server.pid],
        probes: 100,
        phases,
      });
      rooms[n] = Object.fromEntries(results.map((r) => [phaseName(r.phase), r.result]));
      rooms[n].connects = connectsOf(rooms[n].connect);
      const sat = rooms[n]["saturate-1"] as { deliveriesPerSecond?: number } | undefined;
      options.log(
        `round ${round.round + 1}: ${kind.name}: n=${n} ${sat?.deliveriesPerSecond ?? "?"} deliveries/s (1 sender)`,
      );
    }
    round.rooms[kind.name] = rooms;
    // Resume before the large room: 10,000 sockets closing keep a room busy for a while.
    if (kind === PARLOR && options.resumeClients > 0 && round.round === 0) {
      const [resume] = await runPlan(built, {
        host: "127.0.0.1",
        port: server.port,
        path: kind.path,
        dialect: "parlor",
        n: 0,
        serverPids: [server.pid],
        probes: 0,
        phases: [{ kind: "resume", clients: options.resumeClients, missed: options.resumeMissed }],
      });
      round.resume = resume?.result;
      options.log(`round ${round.round + 1}: resume: ${JSON.stringify(resume?.result)}`);
    }
    if (
      extras.full &&
      options.held > 0 &&
      (kind === PARLOR || kind === MINIMAL) &&
      round.round === 0
    ) {
      const [connect, broadcast] = await runPlan(built, {
        host: "127.0.0.1",
        port: server.port,
        path: kind.path.replace("{room}", `held-${round.round}`),
        dialect: kind.dialect,
        rawFrameBytes: kind.frameBytes,
        n: options.held,
        serverPids: [server.pid],
        probes: 0,
        phases: [
          { kind: "connect", concurrency: 256, settleSeconds: 3 },
          { kind: "broadcast", count: options.heldBroadcasts },
        ],
      });
      round.held[kind.name] = { connect: connect?.result, broadcast: broadcast?.result };
      options.log(
        `round ${round.round + 1}: ${kind.name}: held ${options.held}: ${JSON.stringify(broadcast?.result)}`,
      );
    }
    // A burst lasts about n ÷ 1,000 s: from 5,000 sockets on, one is a long enough window.
    const small = extras.sizes.filter((n) => n <= 1000);
    if (options.connectBursts > 0 && small.length > 0) {
      // The rooms measured so far are evicted in this pause, not during a burst.
      await sleep(options.warmupPauseSeconds);
      const bursts = await joinBursts(
        built,
        kind,
        server,
        small,
        options.connectBursts,
        round.round,
      );
      for (const n of small) rooms[n]!.connects = connectsOf(rooms[n]!.connect, bursts[n]);
      options.log(`round ${round.round + 1}: ${kind.name}: join bursts ${JSON.stringify(bursts)}`);
    }
  } finally {
    await server.stop();
  }
}

export async function runSuite(built: string, options: SuiteOptions): Promise<RoundResult[]> {
  const chosen = SERVERS.filter((s) => options.servers.includes(s.name));
  const rounds: RoundResult[] = [];
  for (let r = 0; r < options.rounds; r++) {
    const round: RoundResult = { round: r, rooms: {}, idle: {}, held: {} };
    rounds.push(round);
    for (const kind of rotate(chosen, r)) {
      await measureServer(built, kind, options, round, { sizes: options.sizes, full: true });
      options.progress?.(rounds);
    }
    if (options.guarantees && r === 0) {
      // The cost of each guarantee (first round only, to keep a full run short): Parlor with one
      // switched off, in a small room (where fixed costs per message and per join show most) and
      // a large one, 1 sender.
      const sizes: number[] = options.sizes.filter((n) => n === 100 || n === 1000);
      if (sizes.length === 0) sizes.push(options.sizes[options.sizes.length - 1]!);
      for (const kind of GUARANTEE_VARIANTS) {
        await measureServer(built, kind, options, round, { sizes, full: false });
        options.progress?.(rounds);
      }
    }
  }
  return rounds;
}
