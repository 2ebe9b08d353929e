// Seed 000's hub and containers, attacked from outside (findings 5, 6 and 7 of issue 9): only this
// deployment's containers may join the hub, GET /connectws names no containers, a request's Host
// cannot redirect a container, local processes are capped and stopped when idle, and the hub's
// id table is bounded. The hub secret here is the one the hub generates (none is configured).
import fs from "node:fs";
import http from "node:http";
import { describe, expect, it } from "vitest";
import { getJson, upgradeRefusal } from "../support/http.js";
import { startParlor, useParlor } from "../support/server.js";
import { TestSocket } from "../support/ws.js";

const suite = useParlor({
  vars: {
    CONTAINER_MAX_PROCESSES: "2",
    CONTAINER_IDLE_MS: "0",
    CONTAINER_HUB_MAX_IDS: "3",
    CONTAINER_PING_INTERVAL_MS: "500",
  },
});

type Json = Record<string, unknown>;

async function until<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => null);
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** GET with a Host header of our choosing (fetch does not allow setting Host). */
function getWithHost(
  port: number,
  path: string,
  host: string,
): Promise<{ status: number; body: Json }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, headers: { Host: host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString()),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

const supervisor = () => suite.server.server.containers!;
const running = () =>
  supervisor()
    .list()
    .filter((c) => c.running);

/** The hub secret a running container was given, read from its process environment. */
function secretOf(name: string): string {
  const pid = running().find((c) => c.name === name)?.pid;
  const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
  return environ.find((v) => v.startsWith("HUB_SECRET="))!.slice("HUB_SECRET=".length);
}

describe("containers: security", () => {
  it("a Host header cannot choose where a container connects; it joins with the hub secret", async () => {
    const { port } = suite.server;
    const started = await getWithHost(port, "/container/h1", "attacker.invalid:4444");
    expect(started.status).toBe(200);
    const status = await until("h1 connected", async () => {
      const { body } = await getJson(`${suite.server.http}/container/h1/ws-status`);
      return body.connected ? body : null;
    });
    expect(status.serverUrl).toBe(`ws://127.0.0.1:${port}/connectws`);
    expect(secretOf("h1").length).toBeGreaterThanOrEqual(32);
  });

  it("sockets without the hub secret are refused; GET /connectws lists no ids", async () => {
    const url = `${suite.server.ws}/connectws`;
    expect(await upgradeRefusal(url)).toMatchObject({ status: 401 });
    const wrong = await upgradeRefusal(url, { headers: { Authorization: "Bearer guess" } });
    expect(wrong.status).toBe(401);
    expect(typeof wrong.body.error).toBe("string");
    const details = await getJson(`${suite.server.http}/connectws`);
    expect(details.status).toBe(200);
    const stats = details.body.stats as Json;
    expect(stats.connectedContainers).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(details.body)).not.toContain("h1");
    expect(stats).not.toHaveProperty("containerIds");
    // With the secret the container's own socket works as before.
    const real = await TestSocket.open(url, {
      headers: { Authorization: `Bearer ${secretOf("h1")}` },
    });
    suite.sockets.push(real);
    expect(await real.nextOfType("server-welcome")).toBeTruthy();
    real.close();
  });

  it("a socket cannot switch to another container id (no fresh bucket, no second announcement)", async () => {
    const headers = { Authorization: `Bearer ${secretOf("h1")}` };
    const socket = await TestSocket.open(`${suite.server.ws}/connectws`, { headers });
    suite.sockets.push(socket);
    await socket.nextOfType("server-welcome");
    socket.send({ type: "container-connect", containerId: "first" });
    await socket.nextOfType("server-ack");
    socket.send({ type: "container-connect", containerId: "second" });
    expect(await socket.nextOfType("error")).toMatchObject({ code: "bad_frame" });
    socket.send({ type: "container-message", message: "still first" });
    expect(await socket.nextOfType("server-echo")).toMatchObject({ containerId: "first" });
    socket.close();
    await socket.waitClose();
  });

  it("the hub's id table is bounded", async () => {
    const headers = { Authorization: `Bearer ${secretOf("h1")}` };
    for (let i = 0; i < 6; i++) {
      const socket = await TestSocket.open(`${suite.server.ws}/connectws`, { headers });
      await socket.nextOfType("server-welcome");
      socket.send({ type: "container-connect", containerId: `flood-${i}` });
      await socket.nextOfType("server-ack");
      socket.close();
      await socket.waitClose();
    }
    const { body } = await getJson(`${suite.server.http}/connectws`, { headers });
    expect((body.stats as Json).knownIds).toBe(3);
  });

  it("local processes are capped: beyond CONTAINER_MAX_PROCESSES a new container gets a 503", async () => {
    expect((await getJson(`${suite.server.http}/container/h2`)).status).toBe(200);
    expect(
      running()
        .map((c) => c.name)
        .sort(),
    ).toEqual(["h1", "h2"]);
    const refused = await getJson(`${suite.server.http}/container/h3`);
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({
      error: "No container instance is available right now; try again later",
    });
    expect(
      running()
        .map((c) => c.name)
        .sort(),
    ).toEqual(["h1", "h2"]);
  });

  it("idle processes are stopped, and start again on the next request", async () => {
    const idle = await startParlor({ vars: { CONTAINER_IDLE_MS: "1500" } });
    try {
      const list = () => idle.server.containers!.list().filter((c) => c.running);
      const first = await getJson(`${idle.http}/container/sleepy`);
      expect(first.status).toBe(200);
      expect(list()).toHaveLength(1);
      // Nobody asks anything of it for CONTAINER_IDLE_MS: the supervisor stops it.
      await until("the idle process stopped", () => list().length === 0);
      const again = await getJson(`${idle.http}/container/sleepy`);
      expect(again.status).toBe(200);
      expect(again.body.pid).not.toBe(first.body.pid);
    } finally {
      await idle.stop();
    }
  });
});
