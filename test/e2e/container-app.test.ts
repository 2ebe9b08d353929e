// container/main.js on its own, against a tiny `ws` server this test runs: the handshake, pings,
// /ws-send, reconnect with backoff then giving up, /ws-connect, /error, and a clean SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import path from "node:path";
import readline from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { WebSocketServer } from "ws";
import { eventually } from "../support/wait.js";

const root = path.resolve(import.meta.dirname, "../..");
type Frame = Record<string, unknown> & { type?: string };

/** A hub stand-in that records every frame and every close code it sees. */
class TinyHub {
  server!: WebSocketServer;
  frames: Frame[] = [];
  closes: number[] = [];
  sockets = new Set<WebSocket>();
  port = 0;

  async listen(port = 0): Promise<void> {
    this.server = new WebSocketServer({ host: "127.0.0.1", port });
    await new Promise<void>((resolve) => this.server.once("listening", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.send(JSON.stringify({ type: "server-welcome" }));
      socket.on("message", (data) => this.frames.push(JSON.parse(String(data)) as Frame));
      socket.on("close", (code) => {
        this.closes.push(code);
        this.sockets.delete(socket);
      });
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 5000) {
  return eventually(what, probe, timeoutMs, 50);
}

/** Starts the app on a free port; resolves once it logged the port it listens on. */
async function startApp(env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(root, "container/main.js")], {
    env: { PATH: process.env.PATH ?? "", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: Frame[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("app did not start")), 5000);
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      const entry = JSON.parse(line) as Frame;
      lines.push(entry);
      if (entry.event === "http-listening") {
        clearTimeout(timer);
        resolve(entry.port as number);
      }
    });
  });
  const get = async (p: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${p}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { child, port, lines, get };
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

describe("container app (container/main.js) against a tiny ws server", () => {
  it("handshakes, answers pings, sends, gives up, reconnects on /ws-connect, exits cleanly", async () => {
    const hub = new TinyHub();
    await hub.listen();
    const app = await startApp({
      WS_SERVER_URL: `ws://127.0.0.1:${hub.port}/connectws`,
      CONTAINER_ID: "unit-1",
      MESSAGE: "hello unit",
      WS_MAX_RECONNECT_ATTEMPTS: "3",
      WS_RECONNECT_BASE_MS: "50",
    });
    children.push(app.child);

    const connect = await until("container-connect", () =>
      hub.frames.find((f) => f.type === "container-connect"),
    );
    expect(connect).toMatchObject({ containerId: "unit-1", message: "hello unit" });
    expect(typeof connect.timestamp).toBe("string");

    for (const socket of hub.sockets) socket.send(JSON.stringify({ type: "server-ping" }));
    await until("container-pong", () => hub.frames.find((f) => f.type === "container-pong"));

    const info = await app.get("/container");
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ message: "hello unit", containerId: "unit-1" });
    expect((await app.get("/")).body.containerId).toBe("unit-1");

    const sent = await app.get("/ws-send?message=unit%20says%20hi");
    expect(sent.status).toBe(200);
    const message = await until("container-message", () =>
      hub.frames.find((f) => f.type === "container-message"),
    );
    expect(message).toMatchObject({ containerId: "unit-1", message: "unit says hi" });

    const failed = await app.get("/error");
    expect(failed.status).toBe(500);
    expect(typeof failed.body.error).toBe("string");
    expect((await app.get("/ws-status")).status).toBe(200);
    expect((await app.get("/nope")).status).toBe(404);

    // The hub goes away for good: 3 attempts with backoff, then it stays down.
    const port = hub.port;
    await hub.close();
    const gaveUp = await until(
      "gaveUp",
      async () => {
        const status = (await app.get("/ws-status")).body;
        return status.gaveUp ? status : null;
      },
      10_000,
    );
    expect(gaveUp).toMatchObject({ connected: false, attempts: 3, state: "gave-up" });
    expect(app.lines.filter((l) => l.event === "ws-reconnect-scheduled")).toHaveLength(3);
    expect((await app.get("/ws-send")).status).toBe(503);

    // Back up on the same port: nothing happens until /ws-connect.
    const again = new TinyHub();
    await again.listen(port);
    await new Promise((r) => setTimeout(r, 300));
    expect(again.frames).toHaveLength(0);
    expect((await app.get("/ws-connect")).status).toBe(202);
    await until("reconnect", () => again.frames.find((f) => f.type === "container-connect"));
    expect((await app.get("/ws-status")).body).toMatchObject({ connected: true, gaveUp: false });

    // SIGTERM: the socket closes with 1001 and the process exits 0.
    const exited = new Promise<number | null>((resolve) => app.child.once("exit", resolve));
    app.child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await until("close seen by hub", () => again.closes.length > 0);
    expect(again.closes).toEqual([1001]);
    await again.close();
  });

  it("without WS_SERVER_URL serves HTTP and says the socket is off", async () => {
    const app = await startApp({ CONTAINER_ID: "unit-2" });
    children.push(app.child);
    const status = await app.get("/ws-status");
    expect(status.body).toMatchObject({ connected: false, serverUrl: null });
    expect((await app.get("/ws-send")).status).toBe(503);
    const exited = new Promise<number | null>((resolve) => app.child.once("exit", resolve));
    app.child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
