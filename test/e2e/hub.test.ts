// Seed 001 (WebSocketServer hub), followed literally: `WS /ws?id=`, its browser snippet,
// every server response type it documents, and `GET /websocket/stats?id=`.
import { describe, expect, it } from "vitest";
import { expectNoFrame, expectRecentMs, expectTooBig, sendBinary } from "../support/frames.js";
import { useParlor } from "../support/server.js";

const suite = useParlor();
const { open } = suite;

async function stats(id?: string): Promise<Record<string, unknown>> {
  const query = id === undefined ? "" : `?id=${encodeURIComponent(id)}`;
  const response = await fetch(`${suite.server.http}/websocket/stats${query}`, {
    signal: AbortSignal.timeout(5000),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  return (await response.json()) as Record<string, unknown>;
}

describe("seed 001: WebSocketServer hub", () => {
  it("runs the seed's browser snippet: connected, pong, broadcast to others, stats", async () => {
    const ws = await open("/ws?id=snippet");
    const connected = await ws.nextOfType("connected");
    expect(Object.keys(connected).sort()).toEqual(["id", "message", "totalConnections", "type"]);
    expect(connected).toMatchObject({
      type: "connected",
      message: "Welcome to WebSocket server",
      totalConnections: 1,
    });
    expect(typeof connected.id).toBe("string");
    expect(String(connected.id).length).toBeGreaterThan(0);

    const other = await open("/ws?id=snippet");
    const otherConnected = await other.nextOfType("connected");
    expect(otherConnected.totalConnections).toBe(2);
    expect(otherConnected.id).not.toBe(connected.id);
    expect(await ws.nextOfType("user_connected")).toEqual({
      type: "user_connected",
      data: { id: otherConnected.id, totalConnections: 2 },
    });

    // The snippet's three sends, back to back, exactly as written.
    ws.send(JSON.stringify({ type: "ping", data: "Hello from client" }));
    ws.send(JSON.stringify({ type: "broadcast", data: { message: "Hello everyone!" } }));
    ws.send(JSON.stringify({ type: "get_stats" }));

    const pong = await ws.nextOfType("pong");
    expect(Object.keys(pong).sort()).toEqual(["timestamp", "type"]);
    expectRecentMs(pong.timestamp);

    expect(await other.nextOfType("broadcast")).toEqual({
      type: "broadcast",
      data: { message: "Hello everyone!" },
    });

    const statsFrame = await ws.nextOfType("stats");
    expect(statsFrame).toEqual({
      type: "stats",
      data: {
        totalConnections: 2,
        yourId: connected.id,
        connectedAt: expect.any(Number),
      },
    });
    expectRecentMs((statsFrame.data as { connectedAt: number }).connectedAt);
    // Broadcasts exclude the sender; nothing else came back to it.
    await expectNoFrame(ws, (f) => f.type === "broadcast" || f.type === "echo");
  });

  it("answers the plain `{type:'ping'}` of the seed's console example", async () => {
    const ws = await open("/ws");
    await ws.nextOfType("connected");
    ws.send({ type: "ping" });
    const pong = await ws.nextOfType("pong");
    expectRecentMs(pong.timestamp);
  });

  it("echoes any other message with receivedAt", async () => {
    const ws = await open("/ws?id=echo");
    await ws.nextOfType("connected");
    const message = { type: "chat", your: "message", nested: { n: [1, 2, 3] } };
    ws.send(message);
    const echo = await ws.nextOfType("echo");
    expect(echo).toEqual({ type: "echo", data: message, receivedAt: expect.any(Number) });
    expectRecentMs(echo.receivedAt);
  });

  it("echoes a message without a type as the seed's example shows it", async () => {
    const ws = await open("/ws?id=echo");
    await ws.nextOfType("connected");
    ws.send({ your: "message" });
    const echo = await ws.nextOfType("echo");
    expect(echo).toEqual({
      type: "echo",
      data: { your: "message" },
      receivedAt: expect.any(Number),
    });
    expectRecentMs(echo.receivedAt);
  });

  it("takes an empty id as the default instance, as an absent one", async () => {
    const empty = await open("/ws?id=");
    await empty.nextOfType("connected");
    const bare = await open("/ws");
    const { id, totalConnections } = await bare.nextOfType("connected");
    expect(await empty.nextOfType("user_connected")).toMatchObject({ data: { id } });
    const stats = await fetch(`${suite.server.http}/websocket/stats?id=`, {
      signal: AbortSignal.timeout(5000),
    });
    // Other tests' sockets may be in the default instance too: the count is the one `bare` met.
    expect(await stats.json()).toMatchObject({ id: "default", totalConnections });
  });

  it("announces disconnects to the others with the remaining count", async () => {
    const a = await open("/ws?id=leave");
    const aId = (await a.nextOfType("connected")).id;
    const b = await open("/ws?id=leave");
    const bId = (await b.nextOfType("connected")).id;
    await a.nextOfType("user_connected");
    b.close();
    expect(await a.nextOfType("user_disconnected", 2500)).toEqual({
      type: "user_disconnected",
      data: { id: bId, totalConnections: 1 },
    });
    a.send({ type: "get_stats" });
    expect(await a.nextOfType("stats")).toMatchObject({
      data: { totalConnections: 1, yourId: aId },
    });
  });

  it("`/ws` without parameters is the instance `default`", async () => {
    const plain = await open("/ws");
    await plain.nextOfType("connected");
    const named = await open("/ws?id=default");
    const namedId = (await named.nextOfType("connected")).id;
    expect(await plain.nextOfType("user_connected")).toMatchObject({ data: { id: namedId } });
    const s = await stats("default");
    expect(s.totalConnections).toBeGreaterThanOrEqual(2);
    expect(await stats()).toMatchObject({ totalConnections: s.totalConnections });
  });

  it("keeps different ids isolated", async () => {
    const one = await open("/ws?id=room-1");
    await one.nextOfType("connected");
    const two = await open("/ws?id=room-2");
    const twoConnected = await two.nextOfType("connected");
    expect(twoConnected.totalConnections).toBe(1);
    two.send({ type: "broadcast", data: { message: "only room-2" } });
    // The hub handles one socket's frames in order: once stats come back, the broadcast is done.
    two.send({ type: "get_stats" });
    await two.nextOfType("stats");
    const twoPeer = await open("/ws?id=room-2");
    await twoPeer.nextOfType("connected");
    two.send({ type: "broadcast", data: { message: "to room-2 peer" } });
    expect((await twoPeer.nextOfType("broadcast")).data).toEqual({ message: "to room-2 peer" });
    await expectNoFrame(one, (f) => f.type === "broadcast" || f.type === "user_connected");
    one.send({ type: "get_stats" });
    expect(await one.nextOfType("stats")).toMatchObject({ data: { totalConnections: 1 } });
  });

  it("GET /websocket/stats?id= reports the instance's count and nothing private", async () => {
    expect(await stats("stats-empty")).toEqual({
      id: "stats-empty",
      totalConnections: 0,
      timestamp: expect.any(Number),
    });
    const a = await open("/ws?id=stats-two");
    const aId = (await a.nextOfType("connected")).id;
    const b = await open("/ws?id=stats-two");
    await b.nextOfType("connected");
    const s = await stats("stats-two");
    expect(s).toMatchObject({ id: "stats-two", totalConnections: 2 });
    expect(JSON.stringify(s)).not.toContain(String(aId));
    b.close();
    await a.nextOfType("user_disconnected");
    expect((await stats("stats-two")).totalConnections).toBe(1);
  });

  it("rejects an invalid id and a non-upgrade /ws with JSON errors", async () => {
    const bad = await fetch(
      `${suite.server.http}/websocket/stats?id=${encodeURIComponent("a b/c")}`,
      { signal: AbortSignal.timeout(5000) },
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.any(String) });
    const plain = await fetch(`${suite.server.http}/ws?id=x`, {
      signal: AbortSignal.timeout(5000),
    });
    expect(plain.status).toBe(426);
  });

  describe("bad input gets an error frame, never a crash", () => {
    it("malformed JSON, non-objects and wrong field types", async () => {
      const ws = await open("/ws?id=bad");
      await ws.nextOfType("connected");
      const peer = await open("/ws?id=bad");
      await peer.nextOfType("connected");
      await ws.nextOfType("user_connected");
      for (const frame of ["{not json", "42", "null", '"ping"', '{"type":5}', "[1]"]) {
        ws.send(frame);
        const error = await ws.nextOfType("error");
        expect(Object.keys(error).sort()).toEqual(["message", "type"]);
        expect(typeof error.message).toBe("string");
        expect(String(error.message).length).toBeGreaterThan(0);
      }
      await expectNoFrame(ws, (f) => f.type === "echo");
      // The instance still works, for the sender and for the others.
      ws.send({ type: "ping" });
      await ws.nextOfType("pong");
      ws.send({ type: "broadcast", data: 1 });
      expect(await peer.nextOfType("broadcast")).toEqual({ type: "broadcast", data: 1 });
      await expectNoFrame(peer, (f) => f.type === "error");
    });

    it("binary frames get an error frame", async () => {
      const ws = await open("/ws?id=binary");
      await ws.nextOfType("connected");
      sendBinary(ws, new TextEncoder().encode('{"type":"ping"}'));
      expect(await ws.nextOfType("error")).toMatchObject({ message: expect.any(String) });
      ws.send({ type: "ping" });
      await ws.nextOfType("pong");
    });

    it("a frame over 1 MiB gets an error frame and/or close 1009; others unaffected", async () => {
      const ws = await open("/ws?id=big");
      await ws.nextOfType("connected");
      const peer = await open("/ws?id=big");
      await peer.nextOfType("connected");
      ws.send(JSON.stringify({ type: "broadcast", data: "x".repeat(1024 * 1024 + 10) }));
      await expectTooBig(ws);
      await expectNoFrame(peer, (f) => f.type === "broadcast");
      const third = await open("/ws?id=big");
      await third.nextOfType("connected");
      third.send({ type: "broadcast", data: "after" });
      expect(await peer.nextOfType("broadcast")).toEqual({ type: "broadcast", data: "after" });
    });
  });
});
