// Every server the benchmark runs, each started in its own process the same way every time.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Dialect } from "../load/connection.js";
import { BENCH_RATE_LIMITS } from "./rate-limits.js";
import { startProcess, stopProcess } from "./spawn.js";

export { BENCH_RATE_LIMITS };

export interface RunningServer {
  port: number;
  /** The root of the server's process tree (CPU and memory are summed over the whole tree). */
  pid: number;
  stop(): Promise<void>;
}

export interface ServerKind {
  name: string;
  /** One line for the report: what this is and how it is configured. */
  describe: string;
  dialect: Dialect;
  /** Socket path; `{room}` becomes the room, `{i}` the connection's index. */
  path: string;
  /** Runs in workerd (Parlor and the Durable Object rooms), not in Node. */
  onWorkerd: boolean;
  /** Bytes of each frame a raw room is sent and relays; 100 when absent (bench/load/plan.ts). */
  frameBytes?: number;
  start(built: string): Promise<RunningServer>;
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function launch(
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  cleanup?: string,
): Promise<RunningServer> {
  const started = startProcess(command, args, env, ready);
  const match = await started.ready;
  return {
    port: Number(match[1]),
    pid: started.child.pid!,
    stop: async () => {
      await stopProcess(started.child);
      if (cleanup) fs.rmSync(cleanup, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const net = await import("node:net");
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Parlor exactly as `npm start` runs it; `vars` go through the environment, as users set them. */
export function parlor(
  name: string,
  describe: string,
  vars: Record<string, string> = {},
): ServerKind {
  return {
    name,
    describe,
    dialect: "parlor",
    path: "/ws?room={room}&name=u{i}",
    onWorkerd: true,
    start: async () => {
      const state = tempDir("parlor-bench-");
      const port = await freePort();
      return await launch(
        "npm",
        // Built once by bench/build.ts (prestart), so each launch times only the server.
        ["start", "--silent", "--ignore-scripts"],
        { PORT: String(port), PARLOR_STATE_DIR: state, ...BENCH_RATE_LIMITS, ...vars },
        /running on http:\/\/localhost:(\d+)/,
        state,
      );
    },
  };
}

/** A Worker of bench/servers/workers in workerd; `script` when it is not named `name`. */
function workerd(
  name: string,
  describe: string,
  path: string,
  { script = name, frameBytes }: { script?: string; frameBytes?: number } = {},
): ServerKind {
  return {
    name,
    describe,
    dialect: "raw",
    path,
    onWorkerd: true,
    frameBytes,
    start: async (built) => {
      const state = tempDir(`bench-${name}-`);
      return await launch(
        process.execPath,
        [`${built}/workerd-host.mjs`, `${built}/workers/${script}.js`, state],
        {},
        /^(\d+)$/m,
        state,
      );
    },
  };
}

function node(name: string, describe: string, dialect: Dialect): ServerKind {
  return {
    name,
    describe,
    dialect,
    path: "/",
    onWorkerd: false,
    start: (built) => launch(process.execPath, [`${built}/${name}.mjs`], {}, /^(\d+)$/m),
  };
}

export const PARLOR = parlor(
  "parlor",
  "Parlor, `npm start` (built once before the run; persistence, validation, rate limits on; limits raised to 5,000/s, burst 10,000)",
);
export const MINIMAL = workerd(
  "minimal",
  "minimal hibernating Durable Object room (accept, broadcast; the ceiling), workerd via Miniflare",
  "/{room}",
);

/**
 * Bytes of Parlor's broadcast of the load generator's 100-byte message: the text, JSON-escaped,
 * with the fields seed 004 gives it (name, seq, timestamp, serverTime). The minimal room relays
 * what it is sent, 100 bytes; `minimal-229` relays frames this large, so that the bytes each
 * delivery moves are told apart from what Parlor does per message (test/e2e/bench-frames.test.ts).
 */
export const PARLOR_FRAME_BYTES = 229;
/** The minimal room relaying frames of PARLOR_FRAME_BYTES. */
export const MINIMAL_PARLOR_SIZED = `minimal-${PARLOR_FRAME_BYTES}`;
/** The minimal room that writes each frame to SQLite before it broadcasts it. */
export const STORED = "stored";

export const SERVERS: ServerKind[] = [
  PARLOR,
  MINIMAL,
  workerd(
    MINIMAL_PARLOR_SIZED,
    `the minimal room relaying ${PARLOR_FRAME_BYTES}-byte frames, the size of Parlor's broadcast of the same message: what the protocol's bytes cost (full runs only)`,
    "/{room}",
    { script: "minimal", frameBytes: PARLOR_FRAME_BYTES },
  ),
  workerd(
    "partyserver",
    "partyserver 0.5.10, `hibernate: true`, broadcast",
    "/parties/room/{room}",
  ),
  workerd(
    "tutorial",
    "tutorial pattern: sockets in a Map, JSON.parse/stringify, a storage.put per message",
    "/{room}?name=u{i}",
  ),
  workerd(
    STORED,
    "the minimal room, writing each frame to SQLite before it broadcasts it (frames batched per turn): what storing costs any room (full runs only)",
    "/{room}",
  ),
  node("node-ws", "Node `ws` 8 broadcast server (self-hosted, for context)", "raw"),
  node(
    "socketio",
    "Socket.IO 4 with a room, WebSocket transport (self-hosted, for context)",
    "sio",
  ),
];

/**
 * Servers no target compares, shown for context: what storing costs any room (`stored`), and what
 * a self-hosted Node server does on the same machine. Full runs only, or `--servers`.
 */
export const CONTEXT_ONLY = [MINIMAL_PARLOR_SIZED, STORED, "node-ws", "socketio"];

/**
 * Servers that price no guarantee but help a diagnosis, for `bench/ab.ts` only (no full run
 * measures them): `parlor-no-handling` relays each frame as it came, through the frame lane and
 * each socket's backlog account, so beside Parlor it prices the handling of a message;
 * `stored-parlor-writes` is the `stored` room writing what Parlor writes per message, so beside
 * both it tells Parlor's writes from the rest of its handling.
 */
export const DIAGNOSTIC_VARIANTS: ServerKind[] = [
  parlor(
    "parlor-no-handling",
    "Parlor relaying each frame as it came: no checks, schema, storing, ack or rendering",
    { BENCH_DISABLE: "handling" },
  ),
  workerd(
    "stored-parlor-writes",
    "the stored room writing Parlor's rows with Parlor's storage classes (log, search index, rate buckets), nothing else of its handling",
    "/{room}",
  ),
];

/**
 * Parlor with one guarantee (or costly feature) switched off at a time (BENCH_DISABLE, a
 * benchmark-only var): what each costs.
 */
export const GUARANTEE_VARIANTS: ServerKind[] = [
  ["persistence", "no SQLite write per message"],
  ["validation", "no zod parse per frame"],
  ["rate-limits", "no token bucket per frame"],
  ["batching", "each frame handled (and committed) on its own, not in a batch"],
  ["presence", "no live join/leave announcements (each join is a frame to everyone present)"],
].map(([what, describe]) =>
  parlor(`parlor-no-${what}`, `Parlor without ${what}: ${describe}`, { BENCH_DISABLE: what! }),
);
