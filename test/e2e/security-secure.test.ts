// Secure mode (AUTH_SECRET set), attacked from outside: no token, forged, expired and
// other-secret tokens get 401 before the upgrade; a valid token fixes who the socket is in every
// dialect, whatever name the client claims; cross-site upgrades get 403; guest names are held.
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { mintToken } from "../../src/auth/token.js";
import { ParlorClient } from "../../src/client/index.js";
import { getJson, upgradeRefusal } from "../support/http.js";
import { startParlor, useParlor } from "../support/server.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { sleep, TestSocket } from "../support/ws.js";

const SECRET = "e2e-secret-0123456789abcdef";
const suite = useParlor({
  vars: { AUTH_SECRET: SECRET, ALLOWED_ORIGINS: "https://partner.example" },
});
const { open } = suite;

const token = (name: string, sub = `user:${name}`, ttlSeconds = 600) =>
  mintToken(SECRET, { sub, name, ttlSeconds });

async function forgedTokens(): Promise<Record<string, string>> {
  const key = new TextEncoder().encode(SECRET);
  const now = Math.floor(Date.now() / 1000);
  const good = await token("alice");
  const [header, , signature] = good.split(".");
  const claims = Buffer.from(JSON.stringify({ sub: "user:alice", name: "bob", exp: now + 600 }));
  return {
    "other secret": await mintToken("not-the-secret", { sub: "user:alice", name: "alice" }),
    expired: await new SignJWT({ name: "alice" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("user:alice")
      .setExpirationTime(now - 120)
      .sign(key),
    "payload swapped": `${header}.${claims.toString("base64url")}.${signature}`,
    "alg none": `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${claims.toString("base64url")}.`,
    "no name claim": await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("user:x")
      .setExpirationTime(now + 600)
      .sign(key),
    garbage: "not.a.jwt",
  };
}

const upgrades = [
  "/ws?room=sec&name=alice",
  "/api/chat?room=sec",
  "/rooms/sec?userId=alice",
  "/sec?userId=alice",
  "/?userId=alice",
  "/ws?id=sec",
  "/proxy/x",
  // Percent-encoded: the router decodes the path before it matches, and so does the gate.
  "/w%73?room=sec&name=alice",
];

describe("secure mode: no valid token, no connection", () => {
  it("every upgrade without a token gets 401 JSON before the upgrade", async () => {
    for (const path of upgrades) {
      const refusal = await upgradeRefusal(`${suite.server.ws}${path}`);
      expect(refusal.status, path).toBe(401);
      expect(refusal.body.error, path).toBe("token required");
    }
  });

  it("REST calls without a token get 401 JSON; the endpoint list and sign-in stay public", async () => {
    for (const path of [
      "/websocket/stats?id=sec",
      "/container/x",
      "/lb",
      "/connectws",
      "/test-ws",
    ]) {
      const { status, body } = await getJson(`${suite.server.http}${path}`);
      expect(status, path).toBe(401);
      expect(body.error, path).toBe("token required");
    }
    expect((await getJson(`${suite.server.http}/`)).status).toBe(200);
    expect(await getJson(`${suite.server.http}/api/auth/mode`)).toEqual({
      status: 200,
      body: { mode: "secure" },
    });
  });

  it("a percent-encoded path is checked as the router routes it, not as it was spelled", async () => {
    // `/%61pi/rooms` is routed as `/api/rooms`: it once passed the gate without a token.
    const create = await getJson(`${suite.server.http}/%61pi/rooms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "sneaky", visibility: "public" }),
    });
    expect(create).toEqual({
      status: 401,
      body: expect.objectContaining({ error: "token required" }),
    });
    for (const path of ["/%61pi/rooms", "/%63ontainer/x", "/%6cb", "/websocket/stat%73?id=sec"]) {
      const { status, body } = await getJson(`${suite.server.http}${path}`);
      expect(status, path).toBe(401);
      expect(body.error, path).toBe("token required");
    }
  });

  it("forged, expired, tampered and other-secret tokens get 401 wherever they are carried", async () => {
    for (const [what, bad] of Object.entries(await forgedTokens())) {
      const byQuery = await upgradeRefusal(
        `${suite.server.ws}/ws?room=sec&name=alice&token=${bad}`,
      );
      expect(byQuery.status, what).toBe(401);
      expect(byQuery.body.error, what).toBe(what === "expired" ? "token expired" : "invalid token");
      const byHeader = await upgradeRefusal(`${suite.server.ws}/rooms/sec`, {
        headers: { Authorization: `Bearer ${bad}` },
      });
      expect(byHeader.status, what).toBe(401);
      const rest = await getJson(`${suite.server.http}/websocket/stats?id=sec`, {
        headers: { Authorization: `Bearer ${bad}` },
      });
      expect(rest.status, what).toBe(401);
    }
  });
});

describe("secure mode: the token decides who you are", () => {
  it("Parlor dialect: named by the token, not by ?name=, via query, header or subprotocol", async () => {
    const alice = await token("alice");
    const byQuery = await open(`/ws?room=who&name=mallory&token=${alice}`);
    expect((await byQuery.nextOfType("welcome")).name).toBe("alice");
    const byHeader = await TestSocket.open(`${suite.server.ws}/ws?room=who&name=mallory`, {
      headers: { Authorization: `Bearer ${alice}` },
    });
    suite.sockets.push(byHeader);
    expect((await byHeader.nextOfType("welcome")).name).toBe("alice");
    const raw = new WebSocket(`${suite.server.ws}/ws?room=who&name=mallory`, [
      "parlor",
      `bearer.${alice}`,
    ]);
    const bySubprotocol = await new Promise<WebSocket>((resolve, reject) => {
      raw.once("open", () => resolve(raw));
      raw.once("error", reject);
    });
    expect(bySubprotocol.protocol).toBe("parlor");
    const welcome = await new Promise<Record<string, unknown>>((resolve) =>
      raw.once("message", (data) => resolve(JSON.parse(String(data)))),
    );
    expect(welcome).toMatchObject({ type: "welcome", name: "alice" });
    raw.close();
  });

  it("with a token, ?name= may be left out", async () => {
    const socket = await open(`/ws?room=noname&token=${await token("ivan")}`);
    expect((await socket.nextOfType("welcome")).name).toBe("ivan");
  });

  it("a client-supplied identity header is ignored", async () => {
    const socket = await TestSocket.open(`${suite.server.ws}/ws?room=who2&name=x`, {
      headers: {
        Authorization: `Bearer ${await token("carol")}`,
        "X-Parlor-Identity": encodeURIComponent('{"sub":"user:bob","name":"bob"}'),
      },
    });
    suite.sockets.push(socket);
    expect((await socket.nextOfType("welcome")).name).toBe("carol");
  });

  it("seed 003 dialect: ?userId= is overridden by the token, in joins and in chat", async () => {
    const watcher = await open(`/ws?room=rooms-id&name=w&token=${await token("watcher")}`);
    await watcher.nextOfType("welcome");
    const dave = await open(`/rooms/rooms-id?userId=mallory&token=${await token("dave")}`);
    expect(await watcher.nextOfType("join")).toMatchObject({ name: "dave" });
    dave.send({ type: "chat", message: "from dave" });
    expect(await watcher.nextOfType("message")).toMatchObject({
      name: "dave",
      message: "from dave",
    });
  });

  it("seed 002 dialect: a join or message claiming another userId gets an error, nothing stored", async () => {
    const watcher = await open(`/ws?room=api-id&name=w&token=${await token("watcher")}`);
    await watcher.nextOfType("welcome");
    const erin = await open(`/api/chat?room=api-id&token=${await token("erin")}`);
    expect(await watcher.nextOfType("join")).toMatchObject({ name: "erin" });

    erin.send({ type: "message", text: "as mallory", userId: "mallory" });
    expect(await erin.nextOfType("error")).toMatchObject({
      message: expect.stringContaining("mallory"),
    });
    erin.send({ type: "join", userId: "mallory" });
    expect(await erin.nextOfType("error")).toMatchObject({
      message: expect.stringContaining("mallory"),
    });
    // The token's own name is accepted quietly, in a join and in a message.
    erin.send({ type: "join", userId: "erin" });
    expect(await erin.nextOfType("user_joined")).toMatchObject({ userId: "erin" });
    erin.send({ type: "message", text: "hello", userId: "erin" });
    expect(await erin.nextOfType("message")).toMatchObject({ userId: "erin", text: "hello" });
    expect(await watcher.nextOfType("message")).toMatchObject({ name: "erin", message: "hello" });
    await watcher.roundTrip();
    expect(watcher.received.filter((f) => JSON.stringify(f).includes("mallory"))).toEqual([]);

    const probe = await open(`/ws?room=api-id&token=${await token("probe")}`);
    const welcome = await probe.nextOfType("welcome");
    expect(welcome.lastSeq).toBe(1);
    expect(welcome.users).not.toContain("mallory");
    expect((welcome.history as { message: string }[]).map((m) => m.message)).toEqual(["hello"]);
  });

  it("the seed 001 hub accepts a valid token", async () => {
    const hub = await open(`/ws?id=sec-hub&token=${await token("frank")}`);
    expect(await hub.nextOfType("connected")).toMatchObject({ id: expect.any(String) });
  });

  it("the SDK takes a token function and calls it again on every reconnect", async () => {
    const proxy = await TcpProxy.start(suite.server.port);
    const issued: string[] = [];
    const client = new ParlorClient({
      url: proxy.url,
      room: "sdk-sec",
      name: "ignored",
      WebSocket: WebSocket as never,
      minDelayMs: 50,
      maxDelayMs: 200,
      token: async () => {
        const fresh = await token("grace", "user:grace");
        issued.push(fresh);
        return fresh;
      },
    });
    try {
      const welcome = await new Promise<{ name: string }>((resolve) =>
        client.on("welcome", (w) => resolve(w as { name: string })),
      );
      expect(welcome.name).toBe("grace");
      expect(issued).toHaveLength(1);
      proxy.cut();
      proxy.restore();
      const deadline = Date.now() + 15_000;
      while (!(issued.length >= 2 && client.state === "open")) {
        if (Date.now() > deadline) throw new Error(`no reconnect (issued ${issued.length})`);
        await sleep(25);
      }
    } finally {
      client.close();
      await proxy.close();
    }
  });
});

describe("secure mode: origins", () => {
  it("a cross-site upgrade gets 403; the app's own origin and allowlisted ones work", async () => {
    const alice = await token("alice");
    const refusal = await upgradeRefusal(`${suite.server.ws}/ws?room=o&name=a&token=${alice}`, {
      headers: { Origin: "https://evil.example" },
    });
    expect(refusal.status).toBe(403);
    expect(refusal.body).toMatchObject({ error: "origin not allowed" });
    for (const origin of [suite.server.http, "https://partner.example"]) {
      const socket = await TestSocket.open(`${suite.server.ws}/ws?room=o&name=a&token=${alice}`, {
        headers: { Origin: origin },
      });
      suite.sockets.push(socket);
      expect((await socket.nextOfType("welcome")).name).toBe("alice");
    }
  });
});

describe("secure mode: guest sign-in", () => {
  const signIn = (name: string, bearer?: string) =>
    getJson(`${suite.server.http}/api/auth/guest`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ name }),
    });

  it("a name, once taken, belongs to its guest until it lapses; the holder can renew", async () => {
    const first = await signIn("Heidi");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ name: "Heidi", token: expect.any(String) });
    expect(String(first.body.sub)).toMatch(/^guest:/);
    for (const spelling of ["Heidi", "heidi", " HEIDI "]) {
      const second = await signIn(spelling);
      expect(second.status, spelling).toBe(409);
      expect(second.body.error).toBe("name taken");
    }
    const renewed = await signIn("Heidi", String(first.body.token));
    expect(renewed.status).toBe(200);
    expect(renewed.body.sub).toBe(first.body.sub);
    const socket = await open(`/ws?room=guests&name=whatever&token=${renewed.body.token}`);
    expect((await socket.nextOfType("welcome")).name).toBe("Heidi");
  });

  it("sign-ins spend the caller's connect attempts: a name squatter gets 429", async () => {
    const limited = await startParlor({
      vars: { AUTH_SECRET: SECRET, CONNECT_ATTEMPTS_PER_MINUTE: "5" },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const response = await fetch(`${limited.http}/api/auth/guest`, {
          method: "POST",
          body: JSON.stringify({ name: `squat-${i}` }),
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    } finally {
      await limited.stop();
    }
  });

  it("bad bodies get 400 JSON", async () => {
    for (const body of ["", "{}", '{"name":""}', `{"name":"${"x".repeat(65)}"}`, "not json"]) {
      const response = await getJson(`${suite.server.http}/api/auth/guest`, {
        method: "POST",
        body,
      });
      expect(response.status, body).toBe(400);
      expect(typeof response.body.error).toBe("string");
    }
  });
});
