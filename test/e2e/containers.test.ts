// Seed 000 end to end, exactly as `npm start` runs it: workerd through Miniflare, the containers
// hub Durable Object, and AppContainer Durable Objects running container/main.js as real Node.js
// processes through the supervisor. The supervisor is created here (not by serve()) so its
// processes outlive a restart of the server, like containers outlive a Worker deploy.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContainerSupervisor } from "../../cli/server/container-supervisor.js";
import { type RunningServer, serve } from "../../cli/server/serve.js";
import { eventually } from "../support/wait.js";
import { TestSocket } from "../support/ws.js";

const root = path.resolve(import.meta.dirname, "../..");
type Json = Record<string, unknown>;

// Fast keep-alive and reconnects so the suite runs in seconds; the backoff still has to span a
// server restart (1-3 s here, over 6 s on a loaded machine: the backoff window is about 17 s).
const HUB_SECRET = "containers-e2e-hub-secret";
const operator = { authorization: `Bearer ${HUB_SECRET}` };
const vars = {
  CONTAINER_HUB_SECRET: HUB_SECRET,
  CONTAINER_PING_INTERVAL_MS: "300",
  CONTAINER_PONG_TIMEOUT_MS: "1500",
  CONTAINER_WS_MAX_RECONNECT_ATTEMPTS: "12",
  CONTAINER_WS_RECONNECT_BASE_MS: "100",
  CONTAINER_WS_RECONNECT_MAX_MS: "2000",
};

const logs: Json[] = [];
const supervisor = new ContainerSupervisor({
  root,
  log: (line) => {
    try {
      logs.push(JSON.parse(line) as Json);
    } catch {
      logs.push({ text: line });
    }
  },
});
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-containers-"));
let server: RunningServer | null = null;
let base = "";
let port = 0;

async function start(): Promise<void> {
  server = await serve({ port, stateDir, vars, verbose: false, containers: supervisor });
  port = Number(server.url.port);
  base = `http://127.0.0.1:${port}`;
}
async function stop(): Promise<void> {
  await server?.stop();
  server = null;
}

async function get(
  p: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const response = await fetch(base + p, { headers, signal: AbortSignal.timeout(15_000) });
  return { status: response.status, body: (await response.json()) as Json };
}

function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10000) {
  return eventually(what, probe, timeoutMs, 100);
}

async function hubStats(): Promise<{
  containerIds: string[];
  totals: { pings: number; pongs: number; messages: number; connections: number };
}> {
  // The live ids are the operator's view: GET /connectws lists them only with the hub secret.
  return (await get("/connectws", operator)).body.stats as never;
}

/** The container's own port, straight from the supervisor (reachable while the Worker is down). */
function direct(name: string): string {
  const entry = supervisor.list().find((c) => c.name === name && c.running);
  if (!entry) throw new Error(`no running container ${name}`);
  return `http://127.0.0.1:${entry.port}`;
}

const pidOf = (name: string) => supervisor.list().find((c) => c.name === name && c.running)?.pid;

beforeAll(start);
afterAll(async () => {
  await stop();
  await supervisor.stopAll(2000);
});

/**
 * Starts (or reuses) these containers through the Worker and waits until the hub lists every one:
 * each test starts what it needs instead of relying on an earlier test.
 */
async function startContainers(ids: string[]): Promise<void> {
  const answers = await Promise.all(ids.map((id) => get(`/container/${id}`)));
  for (const answer of answers) expect(answer.status).toBe(200);
  for (const id of ids) {
    // One that gave up on the hub (an earlier test stopped it) is asked to connect again.
    if ((await get(`/container/${id}/ws-status`)).body.gaveUp)
      await get(`/container/${id}/ws-connect`);
  }
  await until(`hub lists ${ids.join(", ")}`, async () => {
    const listed = (await hubStats()).containerIds;
    return ids.every((id) => listed.includes(id));
  });
}

describe("containers (seed 000) end to end", () => {
  const trio = ["c1", "c2", "c3"];

  it("starts three containers through the Worker; each completes the handshake", async () => {
    const infos = await Promise.all(trio.map((id) => get(`/container/${id}`)));
    for (const [i, info] of infos.entries()) {
      expect(info.status).toBe(200);
      expect(info.body).toMatchObject({
        containerId: trio[i],
        message: `Hello from container ${trio[i]}`,
      });
      expect(info.body.pid).toBe(pidOf(trio[i]!));
    }
    for (const id of trio) {
      const status = await until(`${id} acked`, async () => {
        const { body } = await get(`/container/${id}/ws-status`);
        const recent = body.recentMessages as Json[];
        return body.connected && recent.some((f) => f.type === "server-ack") ? body : null;
      });
      expect(status.serverUrl).toBe(`ws://127.0.0.1:${port}/connectws`);
      expect((status.recentMessages as Json[]).some((f) => f.type === "server-welcome")).toBe(true);
    }
    const stats = await until("hub lists all three", async () => {
      const s = await hubStats();
      return trio.every((id) => s.containerIds.includes(id)) ? s : null;
    });
    expect(stats.containerIds).toEqual(expect.arrayContaining(trio));
    // They started at once, in any order: of every pair, the one that connected first heard the
    // other arrive (a container that reconnects under load is announced again; that is fine).
    const pairs = ["c1|c2", "c1|c3", "c2|c3"];
    const heard = await until("a container-joined for every pair", async () => {
      const seen = new Set<string>();
      for (const id of trio) {
        const recent = (await get(`/container/${id}/ws-status`)).body.recentMessages as Json[];
        for (const f of recent) {
          if (f.type !== "container-joined" || !trio.includes(String(f.containerId))) continue;
          seen.add([id, String(f.containerId)].sort().join("|"));
        }
      }
      return pairs.every((p) => seen.has(p)) ? seen : null;
    });
    expect([...heard].sort()).toEqual(pairs);
  });

  it("a message from one container reaches the other two, and the sender gets server-echo", async () => {
    await startContainers(trio);
    const text = `hello-${Date.now()}`;
    const sent = await get(`/container/c1/ws-send?message=${text}`);
    expect(sent.status).toBe(200);
    for (const id of ["c2", "c3"]) {
      const relayed = await until(`${id} got it`, async () => {
        const recent = (await get(`/container/${id}/ws-status`)).body.recentMessages as Json[];
        return recent.find((f) => f.type === "container-message" && f.message === text);
      });
      expect(relayed).toMatchObject({ containerId: "c1", broadcast: true });
    }
    const echo = await until("echo", async () => {
      const recent = (await get("/container/c1/ws-status")).body.recentMessages as Json[];
      return recent.find((f) => f.type === "server-echo" && f.originalMessage === text);
    });
    expect(echo).toMatchObject({ containerId: "c1" });
    const self = (await get("/container/c1/ws-status")).body.recentMessages as Json[];
    expect(self.some((f) => f.type === "container-message" && f.message === text)).toBe(false);
  });

  it("pings are answered on the alarm's schedule; a silent socket is dropped", async () => {
    await startContainers(trio);
    const before = (await hubStats()).totals;
    const after = await until("pongs", async () => {
      const t = (await hubStats()).totals;
      return t.pongs >= before.pongs + 6 && t.pings >= before.pings + 6 ? t : null;
    });
    expect(after.pongs).toBeGreaterThan(before.pongs);
    // A raw client that never answers server-ping is closed after the pong timeout.
    const silent = await TestSocket.open(`ws://127.0.0.1:${port}/connectws`, { headers: operator });
    await silent.nextOfType("server-welcome");
    silent.send({ type: "container-connect", containerId: "silent" });
    await silent.nextOfType("server-ack");
    await silent.nextOfType("server-ping", 3000);
    const closed = await silent.waitClose(5000);
    expect(closed.code).toBe(4000);
    // The real containers stay connected through all of it.
    expect((await hubStats()).containerIds).toEqual(expect.arrayContaining(trio));
  });

  it("bad frames from a raw client get error frames, and the socket keeps working", async () => {
    const raw = await TestSocket.open(`ws://127.0.0.1:${port}/connectws`, { headers: operator });
    await raw.nextOfType("server-welcome");
    raw.send("not json");
    expect(await raw.nextOfType("error")).toMatchObject({ code: "bad_json" });
    raw.send({ type: "container-teleport" });
    const unknown = await raw.nextOfType("error");
    expect(typeof unknown.message).toBe("string");
    raw.send({ type: "container-connect" });
    const missing = await raw.nextOfType("error");
    expect(String(missing.message)).toContain("containerId");
    raw.send({ type: "container-message", message: 42 });
    expect(await raw.nextOfType("error")).toMatchObject({ type: "error" });
    raw.send({ type: "container-connect", containerId: "raw-client" });
    expect(await raw.nextOfType("server-ack")).toMatchObject({ containerId: "raw-client" });
    raw.close();
    await raw.waitClose();
  });

  it("/lb reaches at least two distinct containers, then avoids a killed one", async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 12; i++) {
      const { status, body } = await get("/lb");
      expect(status).toBe(200);
      seen.set(body.containerId as string, body.pid as number);
    }
    expect(seen.size).toBeGreaterThanOrEqual(2);
    for (const name of seen.keys()) expect(name).toMatch(/^lb-[0-2]$/);

    const [victim, victimPid] = [...seen.entries()][0]!;
    process.kill(victimPid, "SIGKILL");
    await until(
      "hub notices the kill",
      async () => !(await hubStats()).containerIds.includes(victim),
    );
    for (let i = 0; i < 10; i++) {
      const { status, body } = await get("/lb");
      expect(status).toBe(200);
      expect(body.containerId).not.toBe(victim);
    }
  });

  it("/singleton is one instance", async () => {
    const answers = await Promise.all([1, 2, 3].map(() => get("/singleton")));
    for (const answer of answers) expect(answer.status).toBe(200);
    expect(new Set(answers.map((a) => a.body.containerId))).toEqual(new Set(["singleton"]));
    expect(new Set(answers.map((a) => a.body.pid)).size).toBe(1);
    expect(supervisor.list().filter((c) => c.name === "singleton")).toHaveLength(1);
  });

  it("/error gives a JSON 500 and the next request works", async () => {
    const failed = await get("/error");
    expect(failed.status).toBe(500);
    expect(typeof failed.body.error).toBe("string");
    const pid = pidOf("error");
    const next = await get("/container/error");
    expect(next.status).toBe(200);
    expect(next.body.pid).toBe(pid);
    expect((await get("/singleton")).status).toBe(200);
  });

  it("/test-ws passes, and bad container ids are refused with JSON", async () => {
    const result = await get("/test-ws");
    expect(result.status).toBe(200);
    expect(result.body.success).toBe(true);
    expect(result.body.steps).toHaveLength(3);
    const bad = await get("/container/bad!id");
    expect(bad.status).toBe(400);
    expect(typeof bad.body.error).toBe("string");
  });

  it("after a restart of the server every container reconnects by itself", async () => {
    await startContainers([...trio, "singleton", "error"]);
    const pids = Object.fromEntries(trio.map((id) => [id, pidOf(id)]));
    await stop();
    // While the hub is down the containers notice and start backing off.
    await until("c1 disconnected", async () => {
      const r = await fetch(`${direct("c1")}/ws-status`);
      return ((await r.json()) as Json).connected === false;
    });
    await start();
    // Every container reconnects on its own backoff schedule: wait for all of them.
    const everyone = [...trio, "singleton", "error"];
    const stats = await until(
      "all containers back",
      async () => {
        const s = await hubStats();
        return everyone.every((id) => s.containerIds.includes(id)) ? s : null;
      },
      40_000,
    );
    expect(stats.containerIds).toEqual(expect.arrayContaining(everyone));
    // Same processes: they reconnected, nobody restarted them.
    for (const id of trio) expect(pidOf(id)).toBe(pids[id]);
    // The restarted AppContainer objects adopt the running processes.
    const info = await get("/container/c2");
    expect(info.body.pid).toBe(pids.c2);
    // A stop, a fresh start of Parlor (its build included) and every backoff: slow on a busy runner.
  }, 180_000);

  it("with the hub down for good a container gives up; /ws-connect later reconnects it", async () => {
    await startContainers(["c3"]);
    await stop();
    const c3 = direct("c3");
    const status = await until(
      "c3 gives up",
      async () => {
        const body = (await (await fetch(`${c3}/ws-status`)).json()) as Json;
        return body.gaveUp ? body : null;
      },
      40_000,
    );
    expect(status).toMatchObject({ connected: false, attempts: 12, state: "gave-up" });
    await start();
    await new Promise((r) => setTimeout(r, 500));
    expect((await get("/container/c3/ws-status")).body).toMatchObject({
      gaveUp: true,
      connected: false,
    });
    expect((await get("/container/c3/ws-connect")).status).toBe(202);
    await until(
      "c3 reconnected",
      async () => (await get("/container/c3/ws-status")).body.connected,
    );
    await until("hub lists c3", async () => (await hubStats()).containerIds.includes("c3"));
  });

  it("SIGTERM: the container closes its socket with 1001 and exits 0", async () => {
    // Its own container: the others may have given up on the hub in an earlier test.
    await startContainers(["term"]);
    const pid = pidOf("term")!;
    process.kill(pid, "SIGTERM");
    const exited = await until("term exited", () =>
      logs.find((l) => l.event === "container-exited" && l.name === "term"),
    );
    expect(exited).toMatchObject({ code: 0, signal: null });
    const close = logs.find(
      (l) => l.containerId === "term" && l.event === "ws-close" && l.code === 1001,
    );
    expect(
      close,
      JSON.stringify(logs.filter((l) => l.containerId === "term").slice(-5)),
    ).toMatchObject({ event: "ws-close", code: 1001 });
    await until("hub drops term", async () => !(await hubStats()).containerIds.includes("term"));
  });
});
