// Crashes and restarts under load: SDK clients in several rooms send steadily with clientIds
// while the whole `npm start` process group is killed (SIGKILL) or stopped (SIGTERM) and started
// again on the same state. Afterwards every acknowledged message must be in its room's log,
// no client may have been shown a message twice, and every client's log must equal its room's.
import WebSocket from "ws";
import { ParlorClient } from "../../../src/client/index.js";
import { sleep } from "../../support/ws.js";
import type { ParlorProcess } from "../parlor-process.js";
import { roomHistory } from "../room-log.js";

export interface ChaosOptions {
  parlor: ParlorProcess;
  clients: number;
  rooms: number;
  /** Restarts, in order: "kill" = SIGKILL the process group, "graceful" = SIGTERM. */
  restarts: Array<"kill" | "graceful">;
  /** Each client sends one message every this many ms (with jitter). */
  sendEveryMs?: number;
  /** Random traffic time before each restart, in ms: [min, max]. */
  trafficMs?: [number, number];
  log?: (line: string) => void;
}

export interface ChaosReport {
  clients: number;
  rooms: number;
  restarts: string[];
  sent: number;
  acked: number;
  /** Still waiting for their ack when the run ended (only on a machine that fell behind). */
  unacked: number;
  /** Acknowledged messages missing from their room's log, or stored under another seq. */
  ackedLost: number;
  /** Times a client was shown a sequence number, or a clientId, it had already shown. */
  shownTwice: number;
  /** Clients whose final log differs from their room's history. */
  logsDiffer: number;
  /** Messages (each text is unique) stored more than once in a room. */
  storedTwice: number;
  /** Drop to welcome, per client and outage (includes the time the server was down). */
  reconnects: number;
  reconnectMedianMs: number;
  reconnectWorstMs: number;
  /** Server ready again to the client's welcome: the client's own share of the outage. */
  afterReadyMedianMs: number;
  afterReadyWorstMs: number;
  /** How long each restart of the server process took (kill or stop, then ready again). */
  restartMs: number[];
}

interface Tracked {
  client: ParlorClient;
  room: string;
  /** seq of every message event, and the clientIds shown. */
  shownSeqs: Set<number>;
  shownIds: Set<string>;
  shownTwice: number;
  /** When the current outage began (first close since the last open). */
  downSince: number | null;
  lastOpenAt: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => {});
  const { parlor } = options;
  const run = Math.random().toString(36).slice(2, 7);
  const rooms = Array.from({ length: options.rooms }, (_, i) => `chaos-${run}-${i}`);
  const sendEveryMs = options.sendEveryMs ?? 1000;
  const [minTraffic, maxTraffic] = options.trafficMs ?? [3000, 8000];
  const reconnectTimes: number[] = [];
  const afterReady: number[] = [];
  const acked = new Map<string, { room: string; seq: number; text: string }>();
  let sent = 0;

  const tracked: Tracked[] = [];
  for (let i = 0; i < options.clients; i++) {
    const room = rooms[i % rooms.length]!;
    const client = new ParlorClient({
      url: parlor.http,
      room,
      name: `c${i}`,
      WebSocket,
      minDelayMs: 200,
      maxDelayMs: 2000,
      // Keep the whole conversation: the final log is compared with the room's history.
      maxLog: 1_000_000,
      maxQueue: 100_000,
    });
    const t: Tracked = {
      client,
      room,
      shownSeqs: new Set(),
      shownIds: new Set(),
      shownTwice: 0,
      downSince: null,
      lastOpenAt: 0,
    };
    client.on("message", (m) => {
      if (t.shownSeqs.has(m.seq) || (m.clientId && t.shownIds.has(m.clientId))) t.shownTwice++;
      t.shownSeqs.add(m.seq);
      if (m.clientId) t.shownIds.add(m.clientId);
    });
    client.on("state", (change) => {
      if (change.state === "reconnecting" && t.downSince === null) t.downSince = Date.now();
      if (change.state === "open") t.lastOpenAt = Date.now();
      if (change.state === "open" && t.downSince !== null) {
        reconnectTimes.push(Date.now() - t.downSince);
        t.downSince = null;
      }
    });
    tracked.push(t);
  }
  await waitFor(() => tracked.every((t) => t.client.state === "open"), 60_000, "clients open");
  log(`chaos: ${options.clients} clients open in ${options.rooms} rooms`);

  // Steady traffic: every client sends on its own jittered schedule, connected or not (the SDK
  // queues while disconnected and resends after the welcome).
  let sending = true;
  const senders = tracked.map(async (t, i) => {
    await sleep(Math.random() * sendEveryMs);
    let n = 0;
    while (sending) {
      const text = `c${i} #${n++}`;
      sent++;
      t.client.send(text).then(
        (ack) => {
          if (ack.clientId) acked.set(ack.clientId, { room: t.room, seq: ack.seq, text });
        },
        () => {},
      );
      await sleep(sendEveryMs * (0.5 + Math.random()));
    }
  });

  const restartMs: number[] = [];
  for (const [index, how] of options.restarts.entries()) {
    await sleep(minTraffic + Math.random() * (maxTraffic - minTraffic));
    const started = Date.now();
    log(`chaos: restart ${index + 1}/${options.restarts.length} (${how}) after ${acked.size} acks`);
    await parlor.restart(how);
    const readyAt = Date.now();
    restartMs.push(readyAt - started);
    await waitFor(
      () => tracked.every((t) => t.client.state === "open" && t.lastOpenAt >= readyAt),
      60_000,
      "clients back after the restart",
    );
    for (const t of tracked) afterReady.push(t.lastOpenAt - readyAt);
    log(`chaos: all clients back (restart took ${restartMs.at(-1)} ms)`);
  }
  await sleep(minTraffic);
  sending = false;
  await Promise.all(senders);
  // Everything sent is acknowledged, then every client has caught up with its room.
  // (A machine that cannot keep up leaves some unacknowledged; they are counted, not fatal.)
  await waitFor(() => tracked.every((t) => t.client.queued === 0), 180_000, "queues drained").catch(
    () => {},
  );
  const unacked = tracked.reduce((n, t) => n + t.client.queued, 0);

  // Acks taken before the histories are read: each of these must be in them (a message is
  // stored before it is acknowledged). Acks arriving later are for messages stored later.
  const ackedBefore = new Map(acked);
  const histories = new Map<string, Awaited<ReturnType<typeof roomHistory>>>();
  for (const room of rooms) histories.set(room, await roomHistory(parlor.ws, room));
  await waitFor(
    () => tracked.every((t) => t.client.lastSeq >= histories.get(t.room)!.lastSeq),
    60_000,
    "clients caught up",
  ).catch(() => {});

  // Every text sent is unique, so it identifies a message: a clientId goes only to its sender,
  // and the probe that reads the histories is nobody's sender.
  let ackedLost = 0;
  for (const a of ackedBefore.values()) {
    const entry = histories.get(a.room)!.entries.find((e) => e.seq === a.seq);
    if (!entry || entry.message !== a.text) ackedLost++;
  }
  let storedTwice = 0;
  for (const history of histories.values()) {
    const texts = history.entries.map((e) => e.message);
    storedTwice += texts.length - new Set(texts).size;
  }
  const key = (e: Record<string, unknown>) => `${e.seq}|${e.name}|${e.message}`;
  let logsDiffer = 0;
  for (const t of tracked) {
    const history = histories.get(t.room)!;
    const room = history.entries.map(key).join("\n");
    // Up to what the history holds (a machine behind may store more after it was read).
    const seen = t.client.messages.filter((m) => m.seq <= history.lastSeq);
    if (seen.map(key).join("\n") !== room) logsDiffer++;
  }
  for (const t of tracked) t.client.close();

  const sorted = [...reconnectTimes].sort((a, b) => a - b);
  const sortedAfter = [...afterReady].sort((a, b) => a - b);
  return {
    clients: options.clients,
    rooms: options.rooms,
    restarts: options.restarts,
    sent,
    acked: ackedBefore.size,
    unacked,
    ackedLost,
    shownTwice: tracked.reduce((n, t) => n + t.shownTwice, 0),
    logsDiffer,
    storedTwice,
    reconnects: reconnectTimes.length,
    reconnectMedianMs: percentile(sorted, 0.5),
    reconnectWorstMs: sorted.at(-1) ?? 0,
    afterReadyMedianMs: percentile(sortedAfter, 0.5),
    afterReadyWorstMs: sortedAfter.at(-1) ?? 0,
    restartMs,
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`chaos: timed out waiting for ${what}`);
    await sleep(50);
  }
}
