// `npm run soak -- --minutes N [--connections 2000 --rooms 40 --rate 2 --churn 4]`: holds many
// Parlor connections across rooms with steady traffic, joins and leaves, against a Parlor started
// as `npm start` does. Prints a progress line every 10 s and a report every minute: workerd's
// memory, delivery latency p50/p99, errors and lost messages (a gap in a listener's sequence
// numbers, or a message never acknowledged). Exit code 1 on any error, loss or crash.
import { execSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { sleep } from "../support/ws.js";
import { ParlorProcess } from "./parlor-process.js";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    connections: { type: "string", default: "2000" },
    rooms: { type: "string", default: "40" },
    /** Messages per second per room. */
    rate: { type: "string", default: "2" },
    /** Connections replaced (one leaves, a new one joins) per second. */
    churn: { type: "string", default: "4" },
    /** Writes every line Parlor printed to this file at the end. */
    log: { type: "string" },
  },
});
const minutes = Number(values.minutes);
const total = Number(values.connections);
const roomCount = Number(values.rooms);
const rate = Number(values.rate);
const churn = Number(values.churn);

const parlor = (await ParlorProcess.start()).stopOnExit();
const run = Math.random().toString(36).slice(2, 7);
const rooms = Array.from({ length: roomCount }, (_, i) => `soak-${run}-${i}`);

function workerdMb(): number {
  const out = execSync(
    `ps -eo pgid=,rss=,comm= | awk '$1==${parlor.pid} && $3=="workerd" {print $2}'`,
  ).toString();
  return Number(out.trim().split("\n")[0]) / 1024;
}

interface Member {
  ws: WebSocket;
  room: string;
  /** Last sequence number seen (null until the first message after the welcome). */
  lastSeq: number | null;
  leaving: boolean;
  /** Messages it sent that are not yet acknowledged (it leaves only with none). */
  pending: number;
}

const stats = { deliveries: 0, sent: 0, acked: 0, errors: 0, gaps: 0, joins: 0, leaves: 0 };
let latencies: number[] = [];
const members = new Set<Member>();
const unacked = new Map<string, Member>();
let counter = 0;

async function join(room: string): Promise<Member> {
  const ws = new WebSocket(`${parlor.ws}/ws?room=${room}&name=u${counter++}`);
  const member: Member = { ws, room, lastSeq: null, leaving: false, pending: 0 };
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    if (frame.type === "welcome") member.lastSeq = Number(frame.lastSeq);
    else if (frame.type === "message") {
      const seq = Number(frame.seq);
      if (member.lastSeq !== null && seq !== member.lastSeq + 1) stats.gaps++;
      member.lastSeq = seq;
      stats.deliveries++;
      latencies.push(Date.now() - Number(String(frame.message).slice(0, 13)));
    } else if (frame.type === "ack") {
      const sender = unacked.get(String(frame.clientId));
      if (sender && unacked.delete(String(frame.clientId))) {
        sender.pending--;
        stats.acked++;
      }
    } else if (frame.type === "error") stats.errors++;
  });
  ws.on("close", () => {
    members.delete(member);
    if (!member.leaving) stats.errors++;
  });
  ws.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  members.add(member);
  stats.joins++;
  return member;
}

console.log(
  `soak: ${total} connections in ${roomCount} rooms, ${rate} messages/s per room, ` +
    `${churn} leaves and joins/s, ${minutes} min, Parlor on ${parlor.http}`,
);
for (let i = 0; i < total; i += 100) {
  await Promise.all(
    Array.from({ length: Math.min(100, total - i) }, (_, k) => join(rooms[(i + k) % roomCount]!)),
  );
}
console.log(`soak: ${members.size} connections open`);

const started = Date.now();
const end = started + minutes * 60_000;
const memory: number[] = [];
let lastReport = started;
let lastProgress = started;
const pad = "x".repeat(80);
// Runs until the last minute's report is out (the loop drifts, so a clock end could cut it).
while (memory.length < minutes) {
  const tick = Date.now();
  // Traffic: `rate` messages per room per second, each from a random member of that room.
  const list = [...members];
  for (const room of rooms) {
    const inRoom = list.filter((m) => m.room === room && m.ws.readyState === WebSocket.OPEN);
    // A fractional rate sends the remainder with that probability.
    const count = Math.floor(rate) + (Math.random() < rate % 1 ? 1 : 0);
    for (let i = 0; i < count && inRoom.length > 0; i++) {
      const from = inRoom[Math.floor(Math.random() * inRoom.length)]!;
      const clientId = `s${stats.sent++}`;
      unacked.set(clientId, from);
      from.pending++;
      from.ws.send(JSON.stringify({ type: "message", message: `${Date.now()} ${pad}`, clientId }));
    }
  }
  // Churn: some leave, as many new ones join.
  for (let i = 0; i < churn && list.length > 0; i++) {
    const leaver = list[Math.floor(Math.random() * list.length)]!;
    // A member with a message in flight stays until it is acknowledged: leaving then would lose
    // the ack (the message itself is stored), and the run could not tell it from a loss.
    if (leaver.leaving || leaver.pending > 0) continue;
    leaver.leaving = true;
    leaver.ws.close(1000);
    stats.leaves++;
    join(leaver.room).catch(() => stats.errors++);
  }
  if (Date.now() - lastProgress >= 10_000) {
    lastProgress = Date.now();
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    console.log(
      `progress: ${Math.round((Date.now() - started) / 1000)} s, ${left} s left; ` +
        `${members.size} open, ${stats.sent} sent, ${stats.deliveries} delivered`,
    );
  }
  if (Date.now() - lastReport >= 60_000) {
    lastReport = Date.now();
    const sorted = latencies.sort((a, b) => a - b);
    latencies = [];
    const at = (p: number) => sorted[Math.floor((sorted.length - 1) * p)] ?? NaN;
    const mb = workerdMb();
    memory.push(mb);
    console.log(
      `minute ${memory.length}: workerd ${mb.toFixed(1)} MB, ${members.size} connections, ` +
        `${sorted.length} deliveries, latency p50 ${at(0.5)} ms p99 ${at(0.99)} ms, ` +
        `errors ${stats.errors}, gaps ${stats.gaps}, joins ${stats.joins}, leaves ${stats.leaves}, ` +
        `workerd uncaught exceptions ${parlor.crashes().length}`,
    );
  }
  await sleep(Math.max(0, 1000 - (Date.now() - tick)));
}

// Every message sent is acknowledged (allow the last ones time to arrive on a loaded machine).
for (let i = 0; i < 600 && unacked.size > 0; i++) await sleep(100);
const duringRun = parlor.crashes().length;
for (const m of members) {
  m.leaving = true;
  m.ws.close(1000);
}
// Every close completes before the server stops (bounded).
for (let i = 0; i < 300 && members.size > 0; i++) await sleep(100);
await parlor.stop();
const crashes = parlor.crashes();
if (values.log) writeFileSync(values.log, `${parlor.lines.join("\n")}\n`);
const warm = memory[Math.min(1, memory.length - 1)] ?? NaN;
const last = memory.at(-1) ?? NaN;
const drift = ((last - warm) / warm) * 100;
console.log(
  `soak total: ${minutes} min, ${stats.sent} sent, ${stats.acked} acked, ${unacked.size} never acked, ` +
    `${stats.deliveries} delivered, ${stats.gaps} gaps, ${stats.errors} errors, ` +
    `${crashes.length} workerd uncaught exceptions (${duringRun} before the shutdown), ` +
    `${parlor.peerLost()} runtime reports of a client lost mid-write; workerd memory after warm-up (minute 2) ` +
    `${warm.toFixed(1)} MB, at the end ${last.toFixed(1)} MB (${drift >= 0 ? "+" : ""}${drift.toFixed(1)}%)`,
);
for (const line of crashes.slice(0, 20)) console.log(`  ${line}`);
const failed = stats.errors + stats.gaps + unacked.size + crashes.length > 0;
process.exit(failed ? 1 : 0);
