// The load generator: `node main.js '<plan JSON>'` (bench/load/plan.ts). Runs in its own
// process (pinned to its own core by the harness when it can be), holds raw sockets, and prints
// one JSON line per phase on stdout, each with the server's CPU and memory and its own CPU, so a
// reader can see whether the generator or the server was the bottleneck.
import { Connection, now, type Shared } from "./connection.js";
import { benchBody, textFrame } from "./frames.js";
import type { Phase, Plan, Usage } from "./plan.js";
import { cpuPercent, processTree, type TreeTotals, totals } from "./proc.js";
import { resume } from "./resume.js";
import { firstDeliveries, latencyStats } from "./stats.js";

const plan = JSON.parse(process.argv[2] ?? "{}") as Plan;
const shared: Shared = { deliveries: 0, latencies: [], first: new Map(), timing: false };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Every run is bounded: a stuck server ends the generator, not the machine's afternoon.
setTimeout(() => {
  process.stderr.write("load generator: time limit reached\n");
  process.exit(2);
}, 15 * 60_000).unref();

const serverPids = () => plan.serverPids.flatMap(processTree);
function sample(): TreeTotals & { clientCpu: number } {
  const cpu = process.cpuUsage();
  return { ...totals(serverPids()), clientCpu: (cpu.user + cpu.system) / 1e6 };
}
function usage(a: ReturnType<typeof sample>, b: ReturnType<typeof sample>): Usage {
  const seconds = (b.at - a.at) / 1000;
  return {
    seconds: Number(seconds.toFixed(2)),
    serverCpuPercent: cpuPercent(a, b),
    clientCpuPercent: Math.round((100 * (b.clientCpu - a.clientCpu)) / seconds),
    serverRssMiB: Number((b.rssBytes / 1048576).toFixed(1)),
  };
}

/** Raw rooms relay the body as it is: `rawFrameBytes` makes it as large as Parlor's frames. */
const bodyBytes = plan.dialect === "raw" ? (plan.rawFrameBytes ?? 100) : 100;
/** ~100 bytes that carry the send time, wrapped the way each server expects. */
function message(seq: number): Buffer {
  const body = benchBody(seq, now(), bodyBytes);
  if (plan.dialect === "parlor")
    return textFrame(JSON.stringify({ type: "message", message: body }));
  if (plan.dialect === "sio") return textFrame(`42${JSON.stringify(["msg", body])}`);
  return textFrame(body);
}

const probeEvery = Math.max(1, Math.floor(plan.n / Math.max(1, plan.probes)));
const conns = Array.from(
  { length: plan.n },
  (_, i) => new Connection(shared, plan.dialect, i % probeEvery === probeEvery - 1),
);
const pathOf = (i: number) => plan.path.replaceAll("{i}", String(i));

/** RSS of the processes that hold the sockets: workerd's if the server has one, else all. */
function holderRss(s: TreeTotals): number {
  const workerd = s.processes.filter((p) => p.name === "workerd");
  return (workerd.length > 0 ? workerd : s.processes).reduce((sum, p) => sum + p.rssBytes, 0);
}

/** Everyone joins at once: the first socket wakes the room, then the rest, timed. */
async function join(sockets: Connection[], path: (i: number) => string, concurrency: number) {
  const first = await sockets[0]!.connect(plan.host, plan.port, path(0));
  if (typeof first === "string") throw new Error(`first connection failed: ${first}`);
  await sleep(300);
  const before = sample();
  let next = 1;
  let ok = 1;
  const failures: Record<string, number> = {};
  const handshakes: number[] = [];
  const worker = async () => {
    while (next < sockets.length) {
      const i = next++;
      const result = await sockets[i]!.connect(plan.host, plan.port, path(i));
      if (typeof result === "number") {
        ok++;
        handshakes.push(result);
      } else failures[result] = (failures[result] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, sockets.length) }, worker));
  const connected = sample();
  const opened = Math.max(1, ok - 1);
  const connectsPerSecond = Math.round(opened / ((connected.at - before.at) / 1000));
  // The server's CPU over the joins, per join: moved far less by other work on the machine
  // than the rate is. /proc counts in 10 ms ticks, so a burst of 100 is read to about ±10%.
  const serverCpuMicrosPerConnect = Math.round(
    ((connected.cpuSeconds - before.cpuSeconds) * 1e6) / opened,
  );
  return {
    before,
    connected,
    ok,
    opened,
    failures,
    handshakes,
    connectsPerSecond,
    serverCpuMicrosPerConnect,
  };
}

async function connectPhase(phase: Extract<Phase, { kind: "connect" }>) {
  // Memory per connection is counted from the first socket on.
  const joined = await join(conns, pathOf, phase.concurrency);
  const { before, connected, ok, opened, failures, handshakes } = joined;
  const { connectsPerSecond, serverCpuMicrosPerConnect } = joined;
  await sleep(phase.settleSeconds * 1000);
  const idle = sample();
  return {
    ok,
    failed: plan.n - ok,
    failures,
    connectsPerSecond,
    handshake: latencyStats(handshakes),
    baseRssMiB: Number((before.rssBytes / 1048576).toFixed(1)),
    // The sockets live in workerd when there is one: Node launchers beside it (npm, Miniflare's
    // host) only add noise of their own, so the figure counts workerd alone.
    idleKbPerConnection: Number(((holderRss(idle) - holderRss(before)) / 1024 / opened).toFixed(1)),
    perProcess: idle.processes.map((p) => ({
      pid: p.pid,
      name: p.name,
      rssMiB: +(p.rssBytes / 1048576).toFixed(1),
    })),
    serverCpuMicrosPerConnect,
    ...usage(before, connected),
  };
}

/** Rooms of their own joined in turn; their sockets are counted but never send. */
const burstSockets: Connection[] = [];
async function burstsPhase(phase: Extract<Phase, { kind: "bursts" }>) {
  const connectsPerSecond: number[] = [];
  const serverCpuMicrosPerConnect: number[] = [];
  let failed = 0;
  for (let b = 0; b < phase.count; b++) {
    await sleep(phase.settleSeconds * 1000);
    const sockets = Array.from(
      { length: phase.n },
      () => new Connection(shared, plan.dialect, false),
    );
    burstSockets.push(...sockets);
    const path = (i: number) =>
      phase.path.replaceAll("{b}", String(b)).replaceAll("{i}", String(i));
    const joined = await join(sockets, path, 256);
    connectsPerSecond.push(joined.connectsPerSecond);
    serverCpuMicrosPerConnect.push(joined.serverCpuMicrosPerConnect);
    failed += phase.n - joined.ok;
  }
  return { connectsPerSecond, serverCpuMicrosPerConnect, failed };
}

/**
 * Waits until `expected` deliveries since `from` arrived, or nothing arrived for `quietMs`
 * (then the rest is lost, not late), or a minute passed. Looks every `pollMs`: a broadcast
 * timed by its drain is read to that.
 */
async function drain(
  from: number,
  expected: number,
  quietMs: number,
  pollMs = 20,
): Promise<number> {
  const deadline = now() + 60_000;
  let last = shared.deliveries;
  let lastProgress = now();
  while (
    shared.deliveries - from < expected &&
    now() < deadline &&
    now() - lastProgress < quietMs
  ) {
    await sleep(pollMs);
    if (shared.deliveries !== last) {
      last = shared.deliveries;
      lastProgress = now();
    }
  }
  return shared.deliveries - from;
}

async function saturatePhase(phase: Extract<Phase, { kind: "saturate" }>) {
  const live = conns.filter((c) => c.open);
  const senders = live.slice(0, Math.max(1, Math.min(phase.senders, live.length - 1)));
  const tail = live[live.length - 1]!;
  // At most `window` messages ahead of the last receiver: a bounded queue, never a runaway.
  const window = Math.max(4, Math.ceil(20_000 / live.length));
  const start = shared.deliveries;
  const tailStart = tail.received;
  let sent = 0;
  let stop = false;
  const pump = () => {
    for (let k = 0; !stop && k < 64 && sent - (tail.received - tailStart) < window; k++) {
      senders[sent % senders.length]!.send(message(sent));
      sent++;
    }
    if (!stop) setTimeout(pump, 0);
  };
  pump();
  // A slow server (or a busy machine) may take seconds per message in a large room: the window
  // starts once deliveries flow and lasts until it holds at least `minMessages` messages' worth.
  const flowing = now() + 10_000;
  while (shared.deliveries === start && now() < flowing) await sleep(20);
  await sleep(phase.warmupSeconds * 1000);
  const a = sample();
  const fromA = shared.deliveries;
  await sleep(phase.seconds * 1000);
  const cap = now() + 10_000;
  const minDeliveries = (phase.minMessages ?? 3) * live.length;
  while (shared.deliveries - fromA < minDeliveries && now() < cap) await sleep(50);
  const b = sample();
  const fromB = shared.deliveries;
  stop = true;
  const expected = sent * live.length;
  const got = await drain(start, expected, 5_000);
  const used = usage(a, b);
  const deliveriesPerSecond = Math.round((fromB - fromA) / ((b.at - a.at) / 1000));
  return {
    senders: senders.length,
    window,
    deliveriesPerSecond,
    /** Messages' worth of deliveries the window held (at least `minMessages`, unless capped). */
    messagesInWindow: Number(((fromB - fromA) / live.length).toFixed(1)),
    // CPU the server spent per delivery: unlike throughput, barely moved by other work
    // competing for the same core, so it is what A/B comparisons here rely on.
    serverCpuMicrosPerDelivery: Number(
      ((used.serverCpuPercent * 1e4) / Math.max(1, deliveriesPerSecond)).toFixed(2),
    ),
    messages: sent,
    lost: expected - got,
    ...used,
  };
}

async function latencyPhase(phase: Extract<Phase, { kind: "latency" }>) {
  const live = conns.filter((c) => c.open);
  const sender = live[0]!;
  const rate = phase.deliveriesPerSecond / live.length;
  const total = Math.max(1, Math.round(rate * (phase.seconds + phase.warmupSeconds)));
  const start = shared.deliveries;
  shared.latencies.length = 0;
  shared.first.clear();
  const begun = now();
  const a = sample();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (now() - begun) / 1000;
      // The warm-up is not timed.
      shared.timing = elapsed > phase.warmupSeconds;
      const due = Math.min(total, Math.floor(rate * elapsed) + 1);
      while (sent < due) sender.send(message(sent++));
      if (sent >= total || elapsed > phase.seconds + 10) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  const b = sample();
  // Above a server's saturation the backlog takes long to drain; 2 s of silence ends the wait.
  const got = await drain(start, sent * live.length, 2_000);
  shared.timing = false;
  return {
    offeredDeliveriesPerSecond: phase.deliveriesPerSecond,
    messagesPerSecond: Number(rate.toFixed(2)),
    messages: sent,
    lost: sent * live.length - got,
    // Wall-clock bounds of what was timed (the warm-up's end to the last delivery), for the
    // report to set beside the disk probe's fsyncs in the same window (bench/report/disk-latency.ts).
    timedFrom: new Date(begun + phase.warmupSeconds * 1000).toISOString(),
    timedTo: new Date().toISOString(),
    ...latencyStats(shared.latencies),
    firstDelivery: firstDeliveries(shared.first, begun + phase.warmupSeconds * 1000),
    ...usage(a, b),
  };
}

/**
 * `ms` is the first broadcast's time (the only one in runs before `eachMs`). The first can pay
 * for memory the server has to fault in anew (docs/performance.md, "The large room"), so the
 * later ones are kept too.
 */
async function broadcastPhase(phase: Extract<Phase, { kind: "broadcast" }>) {
  const live = conns.filter((c) => c.open);
  const eachMs: number[] = [];
  let reached = live.length;
  for (let i = 0; i < (phase.count ?? 1); i++) {
    const start = shared.deliveries;
    const begun = now();
    live[0]!.send(message(i));
    reached = Math.min(reached, await drain(start, live.length, 30_000, 2));
    eachMs.push(Number((now() - begun).toFixed(1)));
  }
  return { open: live.length, reached, ms: eachMs[0], eachMs };
}

async function main() {
  for (const phase of plan.phases) {
    let result: object;
    if (phase.kind === "connect") result = await connectPhase(phase);
    else if (phase.kind === "saturate") result = await saturatePhase(phase);
    else if (phase.kind === "latency") result = await latencyPhase(phase);
    else if (phase.kind === "broadcast") result = await broadcastPhase(phase);
    else if (phase.kind === "bursts") result = await burstsPhase(phase);
    else result = await resume(plan, phase, shared);
    process.stdout.write(`${JSON.stringify({ phase, result })}\n`);
    await sleep(300);
  }
  for (const c of [...conns, ...burstSockets]) c.close();
  await sleep(200);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`load generator: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
