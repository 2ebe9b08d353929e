// Parlor as a separate process, started exactly as `npm start` does: its prestart (cli/build.ts)
// once per run into .parlor/runs/<run>, then `node --expose-gc --max-semi-space-size=1
// start.mjs` at every launch, in its own process group, so reliability runs can read workerd's
// log output and kill the whole group (node, workerd) with SIGKILL, then start it again on the
// same state. Building once makes a restart cost only the start (no esbuild, no wrangler).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface ParlorProcessOptions {
  /** Environment overrides (e.g. RATE_LIMIT_PER_SECOND). */
  env?: Record<string, string>;
  stateDir?: string;
  port?: number;
  /** Repository root (default: the current directory). */
  root?: string;
}

/** Lines workerd and Miniflare print for an exception nobody caught. */
const CRASH = /uncaught exception|Uncaught|unhandled rejection|internal error/i;
/**
 * Not ours: workerd reports its own socket write pump failing when a client's TCP connection is
 * gone mid-write ("Broken pipe", then an "uncaught" `Network connection lost` with no JavaScript
 * frame in its stack). Counted apart as `peerLost()`.
 */
const PEER_LOST = /Network connection lost/;

export class ParlorProcess {
  /** Every line the process group printed (stdout and stderr), across restarts. */
  readonly lines: string[] = [];
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  /** Where this run's `npm start` build lives (built by the first launch). */
  private appDir: string | null = null;

  private constructor(
    readonly port: number,
    readonly stateDir: string,
    private readonly options: ParlorProcessOptions,
  ) {}

  static async start(options: ParlorProcessOptions = {}): Promise<ParlorProcess> {
    const port = options.port ?? (await freePort());
    const stateDir =
      options.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "parlor-reliability-"));
    const parlor = new ParlorProcess(port, stateDir, options);
    await parlor.launch();
    return parlor;
  }

  get ws(): string {
    return `ws://127.0.0.1:${this.port}`;
  }
  get http(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Lines that report an uncaught exception (should stay empty). */
  crashes(): string[] {
    return this.lines.filter((line) => CRASH.test(line) && !PEER_LOST.test(line));
  }

  /** workerd's reports of a client connection lost mid-write (see PEER_LOST). */
  peerLost(): number {
    return this.lines.filter((line) => CRASH.test(line) && PEER_LOST.test(line)).length;
  }

  /** `npm start`'s command in a new process group; resolves once it prints its URL. */
  private async launch(timeoutMs = 60_000): Promise<void> {
    const cwd = this.options.root ?? process.cwd();
    this.appDir ??= await buildApp(cwd, this.stateDir);
    const start = path.join(this.appDir, "start.mjs");
    const child = spawn(process.execPath, ["--expose-gc", "--max-semi-space-size=1", start], {
      cwd,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        PARLOR_RUNTIME_VERBOSE: "1",
        ...this.options.env,
        PORT: String(this.port),
        PARLOR_STATE_DIR: this.stateDir,
      },
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    let ready!: () => void;
    const started = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        this.lines.push(line);
        if (line.includes("Parlor is running on")) ready();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        started,
        this.exited.then(() => {
          throw new Error(`npm start exited early:\n${this.lines.slice(-20).join("\n")}`);
        }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error("npm start not ready in time")), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL to the whole process group: nothing gets to clean up, as in a power cut. */
  async kill(): Promise<void> {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
    await this.exited;
    await this.gone(pid);
  }

  /** SIGTERM to `npm start`, which stops workerd and everything it started. */
  async stop(): Promise<void> {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, 15_000);
    await this.exited;
    clearTimeout(timer);
    await this.gone(pid);
  }

  /** After `npm start` exited: nothing of its group is left, and the port is free again. */
  private async gone(pid: number): Promise<void> {
    try {
      // A workerd still shutting down on a loaded machine would keep the port.
      process.kill(-pid, "SIGKILL");
    } catch {
      // the group is empty
    }
    await waitForPortFree(this.port, 60_000);
    this.child = null;
  }

  /**
   * For command-line runs: Ctrl-C or SIGTERM stops this Parlor first, and an exit of this process
   * for any reason SIGKILLs its group, so no workerd outlives the run.
   */
  stopOnExit(): this {
    const stop = () => void this.stop().finally(() => process.exit(130));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    process.once("exit", () => {
      const pid = this.child?.pid;
      if (pid === undefined) return;
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    });
    return this;
  }

  /** Starts again on the same port and state. */
  async restart(how: "kill" | "graceful"): Promise<void> {
    await (how === "kill" ? this.kill() : this.stop());
    await this.launch();
  }
}

/**
 * `npm start`'s prestart (cli/build.ts) into a directory of this run's own, inside the repository
 * (start.mjs imports its packages from node_modules); returns that directory.
 */
async function buildApp(cwd: string, stateDir: string): Promise<string> {
  const appDir = path.join(cwd, ".parlor", "runs", path.basename(stateDir));
  const build = spawn(path.join("node_modules", ".bin", "tsx"), ["cli/build.ts"], {
    cwd,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", PARLOR_APP_DIR: appDir },
  });
  let errors = "";
  build.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString("utf8");
  });
  const code = await new Promise<number | null>((resolve) => build.once("exit", resolve));
  if (code !== 0) throw new Error(`cli/build.ts failed (${code}):\n${errors.slice(-2000)}`);
  return appDir;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until nothing listens on `port` (workerd may take a moment to release it). */
async function waitForPortFree(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const inUse = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (!inUse) return;
    if (Date.now() > deadline) throw new Error(`port ${port} still in use after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
