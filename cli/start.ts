// `npm start`: Parlor in workerd on http://localhost:8787 (PORT picks another port),
// state on disk in .parlor/state. Stays in the foreground; Ctrl-C stops everything it started.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readDevVars } from "./server/dev-vars.js";
import { loadPrepared } from "./server/prepare.js";
import { serve } from "./server/serve.js";

// Compiled by cli/build.ts to .parlor/app/start.mjs, next to the Worker it prepared; run as
// TypeScript (tsx cli/start.ts) it prepares the Worker itself.
const here = fileURLToPath(import.meta.url);
const prepared = here.endsWith(".mjs") ? loadPrepared(path.dirname(here)) : undefined;

const port = Number(process.env.PORT ?? 8787);
const stateDir = path.resolve(process.env.PARLOR_STATE_DIR ?? ".parlor/state");
// Precedence, highest first: the environment, `.dev.vars` (or `.env`), wrangler.jsonc `vars`.
const devVars = readDevVars(process.cwd());
const vars: Record<string, string> = { ...devVars.vars };
for (const key of [
  // Secure mode and the edge (docs/security.md).
  "AUTH_SECRET",
  "ALLOWED_ORIGINS",
  "GUEST_TOKEN_TTL_SECONDS",
  "CONNECT_ATTEMPTS_PER_MINUTE",
  "MAX_CONNECTIONS_PER_IP",
  "CONTAINER_HUB_SECRET",
  "CONTAINER_MAX_PROCESSES",
  "CONTAINER_IDLE_MS",
  "PROXY_ORIGIN",
  "HISTORY_RETENTION",
  "IDLE_TIMEOUT_MS",
  "RATE_LIMIT_PER_SECOND",
  "RATE_LIMIT_BURST",
  // Byte budgets and connection limits in rooms, fan-out limits in seed 001 hubs.
  "ANSWER_BYTE_BUDGET",
  "MAX_CONNECTIONS_PER_ROOM",
  "MAX_CONNECTIONS_PER_USER",
  "HUB_MAX_BROADCAST_BYTES",
  "HUB_PRESENCE_MAX",
  "SLOW_CONSUMER_BYTES",
  "SLOW_CONSUMER_MESSAGES",
  // The chat rooms' content filter (docs/security.md).
  "CONTENT_FILTER_WORDS",
  "CONTENT_FILTER_MODE",
  // Benchmark-only: switches a guarantee off so `npm run bench` can show its cost.
  "BENCH_DISABLE",
  // Seed 000: pool size, hub keep-alive and the container app's reconnect policy.
  "CONTAINER_POOL_SIZE",
  "CONTAINER_PING_INTERVAL_MS",
  "CONTAINER_PONG_TIMEOUT_MS",
  "CONTAINER_MESSAGE",
  "CONTAINER_WS_URL",
  "CONTAINER_WS_MAX_RECONNECT_ATTEMPTS",
  "CONTAINER_WS_RECONNECT_BASE_MS",
  "CONTAINER_WS_RECONNECT_MAX_MS",
]) {
  const value = process.env[key];
  if (value !== undefined) vars[key] = value;
}

// PARLOR_RUNTIME_VERBOSE=1: workerd logs every uncaught exception (npm run fuzz/chaos/soak read them).
const runtimeVerbose = process.env.PARLOR_RUNTIME_VERBOSE === "1";
// PARLOR_LOG_REQUESTS=1: a console line per request (off by default: each costs a loopback call).
const logRequests = process.env.PARLOR_LOG_REQUESTS === "1";
const server = await serve({ port, stateDir, vars, runtimeVerbose, logRequests, prepared });
const shown = new URL(server.url);
if (shown.hostname === "127.0.0.1") shown.hostname = "localhost";
console.log(`Parlor is running on ${shown.origin} (state in ${stateDir})`);
if (devVars.file)
  console.log(`Read ${Object.keys(devVars.vars).length} variable(s) from ${devVars.file}`);
console.log(
  vars.AUTH_SECRET
    ? "Secure mode: every connection needs a token (npm run token -- --name N)"
    : "Open mode: names are free, anyone can use any name (set AUTH_SECRET for secure mode)",
);
// Starting Miniflare leaves ~80 MB of garbage that an idle process never collects; `npm start`
// runs node with --expose-gc so it can be dropped once, now (measured: 199 → 116 MB RSS). It
// also gives node a 1 MB young generation (--max-semi-space-size=1): this process only
// supervises (the traffic is workerd's), and the default's 16 MB pages stay resident (measured:
// node 148 → 109–133 MB idle, /proc/<pid>/status VmRSS 9 s after start).
(globalThis as { gc?: () => void }).gc?.();

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Parlor`);
  await server.stop();
  process.exit(0);
}
// Miniflare installs handlers that exit at once; ours stops workerd and the container processes
// first, so nothing outlives `npm start` and it exits 0.
process.removeAllListeners("SIGINT");
process.removeAllListeners("SIGTERM");
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
