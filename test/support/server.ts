// Starts Parlor exactly as `npm start` does (workerd through Miniflare, state on disk) on a
// free port, for end-to-end tests from Node.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type RunningServer, serve } from "../../cli/server/serve.js";
import { TestSocket } from "./ws.js";

export interface TestServer {
  /** http://127.0.0.1:PORT */
  http: string;
  /** ws://127.0.0.1:PORT */
  ws: string;
  port: number;
  stateDir: string;
  server: RunningServer;
  stop(): Promise<void>;
  /**
   * Stops and starts again on the same port and the same persisted state; `whileDown` runs
   * between the two (e.g. a browser test typing while the server is gone).
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

export interface StartOptions {
  vars?: Record<string, string>;
  stateDir?: string;
  port?: number;
}

export async function startParlor(options: StartOptions = {}): Promise<TestServer> {
  const stateDir = options.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "parlor-test-"));
  let server = await serve({
    port: options.port ?? 0,
    stateDir,
    vars: options.vars,
    verbose: false,
  });
  const port = Number(server.url.port);
  const handle: TestServer = {
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}`,
    port,
    stateDir,
    server,
    stop: () => server.stop(),
    async restart(whileDown) {
      await server.stop();
      await whileDown?.();
      server = await serve({ port, stateDir, vars: options.vars, verbose: false });
      handle.server = server;
    },
  };
  return handle;
}

export interface ParlorSuite {
  /** The server this file's tests run against; started by the `beforeAll` hook. */
  readonly server: TestServer;
  /** Every socket `open` returned (and any a test pushes itself); all closed after the file. */
  readonly sockets: TestSocket[];
  /** Opens `${base}${path}` (base: this suite's `server.ws`) and tracks the socket. */
  open(path: string, base?: string): Promise<TestSocket>;
}

/**
 * One Parlor per test file: registers `beforeAll` (start) and `afterAll` (close every tracked
 * socket, then stop), and returns the server (a getter, valid inside tests and hooks) and `open`.
 */
export function useParlor(options: StartOptions = {}): ParlorSuite {
  let server: TestServer | undefined;
  const sockets: TestSocket[] = [];
  const running = (): TestServer => {
    if (!server) throw new Error("useParlor: the server is not running (use it inside tests)");
    return server;
  };
  beforeAll(async () => {
    server = await startParlor(options);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });
  return {
    get server() {
      return running();
    },
    sockets,
    async open(path, base = running().ws) {
      const socket = await TestSocket.open(`${base}${path}`);
      sockets.push(socket);
      return socket;
    },
  };
}
