// How many WebSocket connections one room holds, and what each costs in workerd's memory.
// Usage: tsx bench/connections.ts [count=10000] [path=/ws?room=bench-conn&name=u]
// Opens `count` sockets to one chat room, waits for every welcome, then reads workerd's RSS.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { serve } from "../cli/server/serve.js";

const count = Number(process.argv[2] ?? 10_000);
const dialect = process.argv[3] ?? "parlor";

function workerdRss(): number {
  // Miniflare runs workerd as a child of this process.
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

function url(base: string, i: number): string {
  if (dialect === "rooms") return `${base}/rooms/bench-conn?userId=u${i}`;
  if (dialect === "hub") return `${base}/ws?id=bench-conn`;
  return `${base}/ws?room=bench-conn&name=u${i}`;
}

const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-bench-"));
const server = await serve({ port: 0, stateDir, verbose: false, containers: false });
const base = `ws://127.0.0.1:${server.url.port}`;
const before = workerdRss();
const sockets: WebSocket[] = [];
const started = Date.now();
const batch = 100;
for (let i = 0; i < count; i += batch) {
  await Promise.all(
    Array.from({ length: Math.min(batch, count - i) }, (_, j) => {
      return new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(url(base, i + j));
        ws.once("message", () => resolve());
        ws.once("error", reject);
        // Idle clients ignore presence traffic.
        sockets.push(ws);
      });
    }),
  );
}
const connectSeconds = (Date.now() - started) / 1000;
await new Promise((r) => setTimeout(r, 2000));
const after = workerdRss();
const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
console.log(
  JSON.stringify({
    bench: "connections",
    dialect,
    requested: count,
    open,
    connectSeconds,
    workerdRssMiB: Math.round(after / 1024),
    kbPerConnection: Math.round((after - before) / count),
  }),
);
for (const ws of sockets) ws.terminate();
await server.stop();
fs.rmSync(stateDir, { recursive: true, force: true });
process.exit(open === count ? 0 : 1);
