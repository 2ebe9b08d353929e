// How many WebSocket connections one room holds, and what each costs in workerd's memory,
// against the minimal hibernating room in the same run.
// Usage: tsx bench/connections.ts [count=10000]
// Opens `count` sockets to one chat room (each waits for its welcome), reads workerd's RSS,
// then does the same against bench/minimal-room.ts.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { serve } from "../cli/server/serve.js";
import { startMinimalRoom } from "./minimal-room.js";

const count = Number(process.argv[2] ?? 10_000);

/** Resident memory of the workerd processes this process started (Miniflare's children). */
function workerdRssKb(): number {
  const pids = execFileSync("pgrep", ["-P", String(process.pid), "-f", "workerd"])
    .toString()
    .trim()
    .split("\n")
    .filter(Boolean);
  let kb = 0;
  for (const pid of pids) {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kb;
}

async function hold(target: string, urlFor: (i: number) => string) {
  const before = workerdRssKb();
  const sockets: WebSocket[] = [];
  const started = Date.now();
  for (let i = 0; i < count; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, (_, j) => {
        return new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(urlFor(i + j));
          ws.once("message", () => resolve());
          ws.once("error", reject);
          sockets.push(ws);
        });
      }),
    );
  }
  const seconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  const after = workerdRssKb();
  const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  for (const ws of sockets) ws.terminate();
  return {
    target,
    open,
    connectSeconds: seconds,
    workerdRssMiB: Math.round(after / 1024),
    kbPerConnection: Math.round((after - before) / count),
  };
}

const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-bench-"));
const parlor = await serve({ port: 0, stateDir, verbose: false, containers: false });
const parlorResult = await hold(
  "parlor",
  (i) => `ws://127.0.0.1:${parlor.url.port}/ws?room=bench-conn&name=u${i}`,
);
await parlor.stop();
fs.rmSync(stateDir, { recursive: true, force: true });

const minimal = await startMinimalRoom();
const minimalResult = await hold("minimal-do", () => `ws://127.0.0.1:${minimal.url.port}/`);
await minimal.stop();

console.log(`\nholding ${count} connections in one room`);
console.table(
  [parlorResult, minimalResult].map((r) => ({
    ...r,
    "parlor KB / this": Number((parlorResult.kbPerConnection / r.kbPerConnection).toFixed(2)),
  })),
);
process.exit(parlorResult.open === count ? 0 : 1);
