// Fan-out throughput: one sender floods a room of N listeners; "deliveries" are frames received
// by all listeners together. The same load runs against Parlor and two baselines in one run, so
// the figures are ratios on the same machine at the same moment:
//   - minimal: the smallest hibernating Durable Object that broadcasts (workerd via Miniflare):
//     the ceiling for any room on this runtime;
//   - ws: a plain Node `ws` broadcast server (no runtime, no storage).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { serve } from "../cli/server/serve.js";
import { startMinimalRoom } from "./minimal-room.js";

export interface FanoutResult {
  target: string;
  listeners: number;
  messages: number;
  seconds: number;
  deliveriesPerSecond: number;
}

const WS_SERVER = `
const { WebSocketServer } = require(${JSON.stringify(require_resolve("ws"))});
const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" }, () => console.log(wss.address().port));
wss.on("connection", (ws) => ws.on("message", (m, binary) => {
  for (const c of wss.clients) c.send(m, { binary });
}));
`;

function require_resolve(name: string): string {
  return path.join(process.cwd(), "node_modules", name);
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

/** Connects listeners and one sender, floods, and times until every listener has everything. */
async function run(
  target: string,
  urlFor: (i: number) => string,
  frameFor: (i: number) => string,
  listeners: number,
  messages: number,
  isDelivery: (data: string) => boolean,
): Promise<FanoutResult> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < listeners; i += 50) {
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, listeners - i) }, (_, j) => open(urlFor(i + j))),
      )),
    );
  }
  const sender = await open(urlFor(listeners));
  await new Promise((r) => setTimeout(r, 500));
  const expected = listeners * messages;
  let received = 0;
  const done = new Promise<void>((resolve) => {
    for (const ws of sockets) {
      ws.on("message", (data) => {
        if (isDelivery(String(data)) && ++received === expected) resolve();
      });
    }
  });
  const started = performance.now();
  for (let i = 0; i < messages; i++) sender.send(frameFor(i));
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`${target}: ${received}/${expected} after 120 s`)), 120_000),
  );
  await Promise.race([done, timeout]);
  const seconds = (performance.now() - started) / 1000;
  for (const ws of [...sockets, sender]) ws.terminate();
  return {
    target,
    listeners,
    messages,
    seconds: Number(seconds.toFixed(3)),
    deliveriesPerSecond: Math.round(expected / seconds),
  };
}

const payload = (i: number) => `message number ${i} `.padEnd(80, "x");

export async function fanout(listeners: number, messages: number): Promise<FanoutResult[]> {
  const results: FanoutResult[] = [];

  // Parlor, its own protocol, rate limits lifted so the flood measures the room, not the limiter.
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-bench-"));
  const parlor = await serve({
    port: 0,
    stateDir,
    verbose: false,
    containers: false,
    vars: { RATE_LIMIT_PER_SECOND: "1000000", RATE_LIMIT_BURST: "1000000" },
  });
  const base = `ws://127.0.0.1:${parlor.url.port}`;
  results.push(
    await run(
      "parlor",
      (i) => `${base}/ws?room=bench&name=u${i}`,
      (i) => JSON.stringify({ type: "message", message: payload(i) }),
      listeners,
      messages,
      (data) => data.startsWith('{"type":"message"'),
    ),
  );
  await parlor.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });

  // The minimal hibernating Durable Object, same runtime, same Miniflare.
  const minimal = await startMinimalRoom();
  const minimalUrl = minimal.url;
  results.push(
    await run(
      "minimal-do",
      () => `ws://127.0.0.1:${minimalUrl.port}/`,
      (i) => JSON.stringify({ type: "message", message: payload(i) }),
      listeners,
      messages,
      (data) => data !== "welcome",
    ),
  );
  await minimal.stop();

  // Plain Node ws, in its own process so it does not share the clients' event loop.
  const child: ChildProcess = spawn(process.execPath, ["-e", WS_SERVER], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve) =>
    child.stdout!.once("data", (d) => resolve(Number(String(d).trim()))),
  );
  results.push(
    await run(
      "node-ws",
      () => `ws://127.0.0.1:${port}/`,
      (i) => JSON.stringify({ type: "message", message: payload(i) }),
      listeners,
      messages,
      () => true,
    ),
  );
  child.kill();
  return results;
}
