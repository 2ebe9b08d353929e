// The local stand-in for Cloudflare's container runtime. There is no Docker here, so the
// AppContainer Durable Object asks this supervisor (a Miniflare service binding backed by a Node
// function, `env.CONTAINER_RUNTIME`) to run the container app as a plain Node.js process, one per
// Durable Object id, with the environment the Durable Object passed. The supervisor proxies HTTP to
// the process and reports its exit, which is what workerd's container API offers in production.
//
// Wire protocol (only spoken by src/rooms/containers/local-runtime.ts):
//   GET  /containers                          every process, for diagnostics and tests
//   GET  /containers/:id                      { running, pid, generation, ... }
//   POST /containers/:id/start                { env } → starts `node container/main.js`
//   GET  /containers/:id/monitor?generation=N held open until that run exits → { exitCode }
//   POST /containers/:id/signal?signo=N       sends a signal
//   POST /containers/:id/destroy              SIGKILL, resolves when the process is gone
//   ANY  /containers/:id/proxy/:port/<path>   HTTP to the process
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";

export interface SupervisorOptions {
  /** Repository root; the app is `<root>/container/main.js`. */
  root: string;
  /** Where the children's stdout/stderr lines and the supervisor's own events go. */
  log?: (line: string) => void;
  /** Most processes alive at once (default 8, ~54 MiB each); beyond it a start gets a 429. */
  maxProcesses?: number;
  /** A process that served no request for this long is stopped (SIGTERM; default 15 min, 0 = never). */
  idleMs?: number;
}

/** Exited entries kept (their generation numbers) before the oldest are forgotten. */
const MAX_EXITED_ENTRIES = 256;

export interface ContainerProcessInfo {
  id: string;
  name: string | null;
  running: boolean;
  pid: number | null;
  port: number | null;
  generation: number;
  exitCode: number | null;
  signal: string | null;
  startedAt: string | null;
}

interface Entry {
  id: string;
  generation: number;
  child: ChildProcess | null;
  port: number | null;
  env: Record<string, string>;
  exitCode: number | null;
  signal: string | null;
  startedAt: string | null;
  /** Last time a request was proxied to the process (ms). */
  lastActive: number;
  /** Resolves when the current generation exits. */
  exited: Promise<void>;
}

const NOT_LISTENING = "the container is not listening";

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class ContainerSupervisor {
  readonly entry: string;
  private readonly entries = new Map<string, Entry>();
  private readonly log: (line: string) => void;
  /** Long-polls parked by `/monitor`; released (not resolved as an exit) on `release()`. */
  private readonly waiters = new Set<(response: Response) => void>();
  private stopped = false;
  readonly maxProcesses: number;
  readonly idleMs: number;
  private idleTimer: ReturnType<typeof setInterval> | undefined;
  /**
   * The hub's real address (set by serve() once workerd listens). Containers dial it unless the
   * Durable Object passed a configured WS_SERVER_URL: never an address taken from a request.
   */
  hubUrl: string | undefined;

  constructor(options: SupervisorOptions) {
    this.entry = path.join(options.root, "container", "main.js");
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.maxProcesses = options.maxProcesses ?? 8;
    this.idleMs = options.idleMs ?? 15 * 60_000;
    if (this.idleMs > 0) {
      this.idleTimer = setInterval(() => this.stopIdle(), Math.min(30_000, this.idleMs / 4));
      this.idleTimer.unref();
    }
  }

  /** SIGTERMs processes that served nothing for `idleMs`; their Durable Object restarts them on demand. */
  private stopIdle(): void {
    const now = Date.now();
    for (const entry of this.entries.values()) {
      if (entry.child && now - entry.lastActive > this.idleMs) {
        this.event("container-idle-stop", { id: entry.id, name: entry.env.CONTAINER_ID });
        entry.child.kill("SIGTERM");
      }
    }
  }

  private running(): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.child) count++;
    return count;
  }

  private event(event: string, fields: Record<string, unknown>) {
    this.log(
      JSON.stringify({
        time: new Date().toISOString(),
        source: "container-runtime",
        event,
        ...fields,
      }),
    );
  }

  list(): ContainerProcessInfo[] {
    return [...this.entries.values()].map((entry) => this.info(entry));
  }

  private info(entry: Entry): ContainerProcessInfo {
    return {
      id: entry.id,
      name: entry.env.CONTAINER_ID ?? null,
      running: entry.child !== null,
      pid: entry.child?.pid ?? null,
      port: entry.port,
      generation: entry.generation,
      exitCode: entry.exitCode,
      signal: entry.signal,
      startedAt: entry.startedAt,
    };
  }

  /** The Miniflare service binding: `serviceBindings: { CONTAINER_RUNTIME: (r) => s.fetch(r) }`. */
  fetch = async (request: Request): Promise<Response> => {
    try {
      return await this.route(request);
    } catch (error) {
      return json({ error: error instanceof Error ? error.message : String(error) }, 500);
    }
  };

  private async route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] !== "containers") return json({ error: `No route ${url.pathname}` }, 404);
    if (parts.length === 1) return json({ containers: this.list() });
    const id = decodeURIComponent(parts[1]!);
    const action = parts[2];
    const entry = this.entries.get(id);
    if (action === undefined) {
      return entry ? json(this.info(entry)) : json({ id, running: false, generation: 0 });
    }
    if (action === "start" && request.method === "POST") {
      const body = (await request.json().catch(() => ({}))) as { env?: Record<string, string> };
      return await this.start(id, body.env ?? {});
    }
    if (action === "monitor") {
      const generation = Number(url.searchParams.get("generation"));
      return await this.monitor(id, generation);
    }
    if (action === "signal" && request.method === "POST") {
      const signo = Number(url.searchParams.get("signo") ?? 15);
      if (!entry?.child) return json({ error: "not running" }, 409);
      entry.child.kill(signo);
      return json({ signalled: signo });
    }
    if (action === "destroy" && request.method === "POST") {
      if (entry?.child) {
        entry.child.kill("SIGKILL");
        await entry.exited;
      }
      return json({ destroyed: true });
    }
    if (action === "proxy") {
      if (!entry?.child || entry.port === null) {
        return json({ error: NOT_LISTENING }, 502, { "x-parlor-runtime": "not-listening" });
      }
      // parts[3] is the container-side port; the app has one port, mapped to its loopback port.
      const rest = `/${parts.slice(4).join("/")}${url.search}`;
      return await this.proxy(entry, request, rest);
    }
    return json({ error: `No route ${request.method} ${url.pathname}` }, 404);
  }

  private async start(id: string, env: Record<string, string>): Promise<Response> {
    if (this.stopped) return json({ error: "the container runtime is shutting down" }, 503);
    const previous = this.entries.get(id);
    if (previous?.child) return json({ error: "already running", ...this.info(previous) }, 409);
    if (this.running() >= this.maxProcesses) {
      this.event("container-refused", { id, name: env.CONTAINER_ID, limit: this.maxProcesses });
      return json({ error: `too many containers running (limit ${this.maxProcesses})` }, 429);
    }
    this.forgetExited();
    if (!env.WS_SERVER_URL && this.hubUrl) env = { ...env, WS_SERVER_URL: this.hubUrl };
    const port = await freePort();
    const child = spawn(process.execPath, [this.entry], {
      cwd: path.dirname(this.entry),
      // The Durable Object's env, like the real runtime; PATH/HOME so node itself behaves.
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/",
        ...env,
        PORT: String(port),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let resolveExited!: () => void;
    const entry: Entry = {
      id,
      generation: (previous?.generation ?? 0) + 1,
      child,
      port,
      env,
      exitCode: null,
      signal: null,
      startedAt: new Date().toISOString(),
      lastActive: Date.now(),
      exited: new Promise((resolve) => {
        resolveExited = resolve;
      }),
    };
    this.entries.set(id, entry);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) readline.createInterface({ input: stream }).on("line", (line) => this.log(line));
    }
    child.on("error", (error) => {
      this.event("container-spawn-error", { id, error: error.message });
    });
    child.on("exit", (code, signal) => {
      entry.child = null;
      entry.exitCode = code ?? (signal ? 128 + (signalNumbers[signal] ?? 0) : 1);
      entry.signal = signal;
      this.event("container-exited", { id, name: env.CONTAINER_ID, code, signal });
      resolveExited();
    });
    this.event("container-started", { id, name: env.CONTAINER_ID, pid: child.pid, port });
    return json(this.info(entry));
  }

  private async monitor(id: string, generation: number): Promise<Response> {
    const entry = this.entries.get(id);
    if (!entry || entry.generation !== generation || !entry.child) {
      return json({ exitCode: entry?.generation === generation ? entry.exitCode : 0, generation });
    }
    return await new Promise<Response>((resolve) => {
      const waiter = (response: Response) => {
        this.waiters.delete(waiter);
        resolve(response);
      };
      this.waiters.add(waiter);
      void entry.exited.then(() => waiter(json({ exitCode: entry.exitCode, generation })));
    });
  }

  /** Keeps the table of ids bounded: exited entries beyond MAX_EXITED_ENTRIES are forgotten. */
  private forgetExited(): void {
    const exited = [...this.entries.values()].filter((e) => !e.child);
    for (const entry of exited.slice(0, Math.max(0, exited.length - MAX_EXITED_ENTRIES))) {
      this.entries.delete(entry.id);
    }
  }

  private async proxy(entry: Entry, request: Request, pathAndQuery: string): Promise<Response> {
    entry.lastActive = Date.now();
    if (request.headers.get("upgrade")?.toLowerCase() === "websocket") {
      return json({ error: "WebSocket upgrades to local containers are not supported" }, 501);
    }
    const headers = new Headers(request.headers);
    headers.delete("host");
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    let response: Response;
    try {
      response = await fetch(`http://127.0.0.1:${entry.port}${pathAndQuery}`, {
        method: request.method,
        headers,
        body: hasBody ? await request.arrayBuffer() : undefined,
        redirect: "manual",
      });
    } catch {
      // Refused connection: the process is starting up or has just died. The Durable Object's
      // Container class retries on exactly this message while the container is running.
      return json({ error: NOT_LISTENING }, 502, { "x-parlor-runtime": "not-listening" });
    }
    const out = new Headers(response.headers);
    out.delete("content-encoding");
    out.delete("content-length");
    return new Response(await response.arrayBuffer(), { status: response.status, headers: out });
  }

  /** Answers parked monitor polls so workerd can shut down; the processes keep running. */
  release(): void {
    for (const waiter of [...this.waiters]) {
      waiter(json({ error: "the container runtime detached" }, 503));
    }
  }

  /** SIGTERM every process, SIGKILL whatever is left after `graceMs`; resolves when all are gone. */
  async stopAll(graceMs = 3000): Promise<void> {
    this.stopped = true;
    clearInterval(this.idleTimer);
    this.release();
    const running = [...this.entries.values()].filter((entry) => entry.child);
    for (const entry of running) entry.child?.kill("SIGTERM");
    await Promise.all(
      running.map(async (entry) => {
        const timer = setTimeout(() => entry.child?.kill("SIGKILL"), graceMs);
        await entry.exited;
        clearTimeout(timer);
      }),
    );
  }

  /** Last resort from a `process.on("exit")` handler: synchronous SIGKILL of every process. */
  killAllNow(): void {
    for (const entry of this.entries.values()) entry.child?.kill("SIGKILL");
  }
}

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
