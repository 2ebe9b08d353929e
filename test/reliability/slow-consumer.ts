// `npm run slow-consumer [-- --seconds 20 --rate 100 --budget BYTES]`: a busy room with one client
// that stops reading (TCP window full), measured in three phases: before it joins, while it is
// stuck (the room closes it with 4008 once SLOW_CONSUMER_BYTES were sent to it since it last
// spoke), and after. Prints workerd's memory and a healthy listener's delivery latency every 5 s;
// the listener is the SDK, whose receipts show the room it keeps up.
import { execSync } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { ParlorClient } from "../../src/client/index.js";
import { sleep } from "../support/ws.js";
import { ParlorProcess } from "./parlor-process.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "20" },
    rate: { type: "string", default: "100" },
    /** SLOW_CONSUMER_BYTES; unset: the server's default (8 MiB). */
    budget: { type: "string" },
  },
});
const phaseSeconds = Number(values.seconds);
const perSecond = Number(values.rate);

const parlor = (
  await ParlorProcess.start({
    env: {
      RATE_LIMIT_PER_SECOND: "100000",
      RATE_LIMIT_BURST: "100000",
      ...(values.budget ? { SLOW_CONSUMER_BYTES: values.budget } : {}),
    },
  })
).stopOnExit();

/** Resident memory of the workerd process in the Parlor process group, in MB. */
function workerdMb(): number {
  const out = execSync(
    `ps -eo pgid=,rss=,comm= | awk '$1==${parlor.pid} && $3=="workerd" {print $2}'`,
  ).toString();
  return Number(out.trim().split("\n")[0]) / 1024;
}

/** A client that completes the handshake and then never reads again. */
async function stuckClient(): Promise<net.Socket> {
  const socket = net.connect(parlor.port, "127.0.0.1");
  const key = crypto.randomBytes(16).toString("base64");
  socket.write(
    `GET /ws?room=slow&name=stuck HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await new Promise((resolve) => socket.once("data", resolve));
  socket.pause();
  return socket;
}

const latencies: number[] = [];
const listener = new ParlorClient({ url: parlor.http, room: "slow", name: "listener", WebSocket });
const listenerDrops: string[] = [];
listener.on("state", (s) => {
  if (s.state === "reconnecting" && s.code !== undefined)
    listenerDrops.push(`${s.code} ${s.reason}`);
});
let received = 0;
let outOfOrder = 0;
let lastSeq = 0;
listener.on("message", (m) => {
  received++;
  if (m.seq !== lastSeq + 1 && lastSeq !== 0) outOfOrder++;
  lastSeq = m.seq;
  latencies.push(Date.now() - Number(m.message.slice(0, 13)));
});
let stuckSince = 0;
let stuckClosedAfter: number | null = null;
listener.on("leave", (leave) => {
  if (leave.name === "stuck") stuckClosedAfter = Date.now() - stuckSince;
});
const sender = new WebSocket(`${parlor.ws}/ws?room=slow&name=sender`);
await new Promise((resolve) => sender.once("open", resolve));
const pad = "x".repeat(3900);

async function phase(name: string, seconds: number): Promise<void> {
  for (let s = 1; s <= seconds; s++) {
    // perSecond messages of ~4 KB, in ten batches.
    for (let batch = 0; batch < 10; batch++) {
      for (let i = 0; i < perSecond / 10; i++) {
        sender.send(JSON.stringify({ type: "message", message: `${Date.now()}${pad}` }));
      }
      await sleep(100);
    }
    if (s % 5 === 0) {
      const sorted = latencies.splice(0).sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.floor((sorted.length - 1) * p)] ?? NaN;
      console.log(
        `${name.padEnd(7)} +${String(s).padStart(3)} s  workerd ${workerdMb().toFixed(1)} MB  ` +
          `listener p50 ${at(0.5)} ms p99 ${at(0.99)} ms (${sorted.length} messages)`,
      );
    }
  }
}

console.log(
  `slow consumer: ${perSecond} messages/s of ~4 KB into one room, ${phaseSeconds} s per phase`,
);
await phase("before", phaseSeconds);
stuckSince = Date.now();
const stuck = await stuckClient();
await phase("stuck", phaseSeconds * 2);
console.log(
  stuckClosedAfter === null
    ? "the stuck client was never closed"
    : `the room closed the stuck client (4008) ${(stuckClosedAfter / 1000).toFixed(1)} s after it ` +
        `stopped reading; the listener saw it leave`,
);
stuck.destroy();
await phase("after", phaseSeconds);
console.log(
  `listener: ${received} messages, ${outOfOrder} out of order or missing, ${listenerDrops.length} ` +
    `reconnects (${listenerDrops.join(", ") || "none"}); ` +
    `workerd uncaught exceptions ${parlor.crashes().length}`,
);
sender.close();
listener.close();
await parlor.stop();
process.exit(stuckClosedAfter === null || listenerDrops.length + outOfOrder > 0 ? 1 : 0);
