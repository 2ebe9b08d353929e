// Seed 003's proxy mode: `/proxy/<path>` WebSocket upgrades forwarded to PROXY_ORIGIN, tested
// against a real `ws` server on loopback. Without an upgrade: 426 `Expected websocket`.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { startParlor, type TestServer } from "../support/server.js";
import { TestSocket } from "../support/ws.js";

let upstream: WebSocketServer;
let upstreamPort: number;
const seen: Array<{ url: string; headers: Record<string, unknown> }> = [];
const servers: TestServer[] = [];
const sockets: TestSocket[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function start(vars: Record<string, string>): Promise<TestServer> {
  const server = await startParlor({ vars });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  upstream = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => upstream.once("listening", () => resolve()));
  upstreamPort = (upstream.address() as net.AddressInfo).port;
  upstream.on("connection", (socket, request) => {
    seen.push({ url: request.url ?? "", headers: { ...request.headers } });
    socket.send(JSON.stringify({ type: "hello", url: request.url }));
    socket.on("message", (data, isBinary) => {
      if (isBinary) socket.send(data, { binary: true });
      else socket.send(JSON.stringify({ type: "echo", data: String(data) }));
    });
  });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  for (const s of servers) await s.stop();
  for (const client of upstream?.clients ?? []) client.terminate();
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
});

describe("proxy mode", () => {
  describe("with PROXY_ORIGIN pointing at a live upstream", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await start({ PROXY_ORIGIN: `http://127.0.0.1:${upstreamPort}` });
    });

    it("forwards the upgrade with its path and query, and echoes both ways", async () => {
      const socket = await TestSocket.open(`${server.ws}/proxy/chat/room-1?user=alice&x=1`);
      sockets.push(socket);
      expect(await socket.nextOfType("hello")).toEqual({
        type: "hello",
        url: "/chat/room-1?user=alice&x=1",
      });
      socket.send("plain text through the proxy");
      expect(await socket.nextOfType("echo")).toEqual({
        type: "echo",
        data: "plain text through the proxy",
      });
      socket.send({ type: "json", n: 1 });
      expect((await socket.nextOfType("echo")).data).toBe('{"type":"json","n":1}');
      socket.raw.send(Buffer.from([1, 2, 3]), { binary: true });
      const binary = await new Promise<Buffer>((resolve) =>
        socket.raw.once("message", (data) => resolve(data as Buffer)),
      );
      expect([...binary]).toEqual([1, 2, 3]);
      expect(seen.at(-1)?.url).toBe("/chat/room-1?user=alice&x=1");
    });

    it("`/proxy` alone goes to the origin's root", async () => {
      const socket = await TestSocket.open(`${server.ws}/proxy`);
      sockets.push(socket);
      expect((await socket.nextOfType("hello")).url).toBe("/");
    });

    it("closing on either side closes the other", async () => {
      const socket = await TestSocket.open(`${server.ws}/proxy/closing`);
      sockets.push(socket);
      await socket.nextOfType("hello");
      const upstreamSide = [...upstream.clients].at(-1)!;
      upstreamSide.close(4000, "upstream done");
      expect(await socket.waitClose(5000)).toEqual({ code: 4000, reason: "upstream done" });
    });

    it("strips cookies, credentials, hop-by-hop and internal headers; keeps the rest", async () => {
      const socket = await TestSocket.open(`${server.ws}/proxy/headers?token=secret-jwt&keep=1`, {
        headers: {
          Cookie: "session=victim-session",
          Authorization: "Bearer secret-jwt",
          "Proxy-Authorization": "Basic c2VjcmV0",
          "Keep-Alive": "timeout=5",
          TE: "trailers",
          "X-Parlor-Identity": "spoofed",
          "X-Parlor-Lease": "spoofed",
          "X-Trace-Id": "kept",
        },
      });
      sockets.push(socket);
      expect((await socket.nextOfType("hello")).url).toBe("/headers?keep=1");
      const headers = seen.at(-1)!.headers;
      for (const name of [
        "cookie",
        "authorization",
        "proxy-authorization",
        "keep-alive",
        "te",
        "x-parlor-identity",
        "x-parlor-lease",
      ]) {
        expect(headers, name).not.toHaveProperty(name);
      }
      expect(headers["x-trace-id"]).toBe("kept");
    });

    it("a request without an upgrade gets 426 `Expected websocket`", async () => {
      const response = await fetch(`${server.http}/proxy/anything`, {
        signal: AbortSignal.timeout(5000),
      });
      expect(response.status).toBe(426);
      expect(await response.text()).toBe("Expected websocket");
    });
  });

  it("without PROXY_ORIGIN: 426 first, then 503 with a JSON error", async () => {
    const server = await start({ PROXY_ORIGIN: "" });
    const plain = await fetch(`${server.http}/proxy/x`, { signal: AbortSignal.timeout(5000) });
    expect(plain.status).toBe(426);
    expect(await plain.text()).toBe("Expected websocket");
    const error = await upgradeFailure(`${server.ws}/proxy/x`);
    expect(error.status).toBe(503);
    expect(JSON.parse(error.body)).toMatchObject({ error: expect.any(String) });
  });

  it("with an unreachable origin: 502 with a JSON error, and the server keeps serving", async () => {
    const port = await freePort();
    const server = await start({ PROXY_ORIGIN: `http://127.0.0.1:${port}` });
    const error = await upgradeFailure(`${server.ws}/proxy/x`);
    expect(error.status).toBe(502);
    // No internals: just what went wrong, never the runtime's error text or the origin's address.
    expect(JSON.parse(error.body)).toEqual({ error: "upstream unreachable" });
    const hub = await TestSocket.open(`${server.ws}/ws?id=after-502`);
    sockets.push(hub);
    expect(await hub.nextOfType("connected")).toMatchObject({ totalConnections: 1 });
  });
});

/** Attempts an upgrade that the server refuses; returns the HTTP status and body. */
async function upgradeFailure(url: string): Promise<{ status: number; body: string }> {
  const { default: WebSocket } = await import("ws");
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => reject(new Error("no response within 10 s")), 10_000);
    ws.once("open", () => {
      clearTimeout(timer);
      ws.close();
      reject(new Error("the upgrade unexpectedly succeeded"));
    });
    ws.once("unexpected-response", (_request, response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    ws.once("error", () => undefined);
  });
}
