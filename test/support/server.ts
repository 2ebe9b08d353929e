// Starts Parlor exactly as `npm start` does (workerd through Miniflare, state on disk) on a
// free port, for end-to-end tests from Node.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type RunningServer, serve } from "../../cli/server/serve.js";

export interface TestServer {
  /** http://127.0.0.1:PORT */
  http: string;
  /** ws://127.0.0.1:PORT */
  ws: string;
  port: number;
  stateDir: string;
  server: RunningServer;
  stop(): Promise<void>;
  /** Stops and starts again on the same port and the same persisted state. */
  restart(): Promise<void>;
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
    async restart() {
      await server.stop();
      server = await serve({ port, stateDir, vars: options.vars, verbose: false });
      handle.server = server;
    },
  };
  return handle;
}
