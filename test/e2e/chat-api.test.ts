// Seed 002 (chat API), followed literally: `WS /api/chat`, its wscat session, every message it
// documents with ISO timestamps, its 1 MB limit and its configurable inactivity timeout.
import { describe, expect, it } from "vitest";
import {
  closeFrameReceived,
  expectApiMessage,
  expectNoFrame,
  expectRecentIso,
  expectTooBig,
  roomLog,
  sendBinary,
} from "../support/frames.js";
import { useParlor } from "../support/server.js";
import { sleep } from "../support/ws.js";

const suite = useParlor();
const { open } = suite;

describe("seed 002: chat API", () => {
  it("runs the seed's wscat session: a message with userId, then a join", async () => {
    const watcher = await open("/api/chat?room=wscat");
    const ws = await open("/api/chat?room=wscat");
    // > {"type":"message","text":"Hello, world!","userId":"user123"}
    ws.send('{"type":"message","text":"Hello, world!","userId":"user123"}');
    const mine = await ws.nextOfType("message");
    expect(Object.keys(mine).sort()).toEqual(["text", "timestamp", "type", "userId"]);
    expect(mine).toMatchObject({ type: "message", userId: "user123", text: "Hello, world!" });
    expectRecentIso(mine.timestamp);
    expect(await watcher.nextOfType("message")).toEqual(mine);
    // > {"type":"join","userId":"user123"}
    ws.send('{"type":"join","userId":"user123"}');
    const joined = await ws.nextOfType("user_joined");
    expect(Object.keys(joined).sort()).toEqual(["timestamp", "type", "userId"]);
    expect(joined.userId).toBe("user123");
    expectRecentIso(joined.timestamp);
    expect(await watcher.nextOfType("user_joined")).toMatchObject({ userId: "user123" });
    expect(ws.frames.filter((f) => f.type === "error")).toEqual([]);
  });

  it("join, message (to everyone, sender included), ping/pong and user_left", async () => {
    const alice = await open("/api/chat?room=shapes");
    const bob = await open("/api/chat?room=shapes");
    alice.send({ type: "join", userId: "alice" });
    await alice.nextOfType("user_joined");
    bob.send({ type: "join", userId: "bob" });
    await bob.next((f) => f.type === "user_joined" && f.userId === "bob");
    const bobJoined = await alice.nextOfType("user_joined");
    expect(bobJoined).toEqual({
      type: "user_joined",
      userId: "bob",
      timestamp: expect.any(String),
    });
    expectRecentIso(bobJoined.timestamp);

    // The seed's "Send Message" has no userId: the joined identity is used.
    alice.send({ type: "message", text: "Your message here" });
    for (const s of [alice, bob]) {
      const m = await s.nextOfType("message");
      expectApiMessage(m, "alice", "Your message here");
    }

    bob.send({ type: "ping" });
    expect(await bob.nextOfType("pong")).toEqual({ type: "pong" });

    bob.close();
    const left = await alice.nextOfType("user_left", 2500);
    expect(left).toEqual({ type: "user_left", userId: "bob", timestamp: expect.any(String) });
    expectRecentIso(left.timestamp);
  });

  it("a joined user's own userId wins over one in the message", async () => {
    const ws = await open("/api/chat?room=spoof");
    ws.send({ type: "join", userId: "carol" });
    await ws.nextOfType("user_joined");
    ws.send({ type: "message", text: "hi", userId: "mallory" });
    expect(await ws.nextOfType("message")).toMatchObject({ userId: "carol", text: "hi" });
  });

  it("a raw client's burst of 100 messages is delivered in order, none refused", async () => {
    const ws = await open("/api/chat?room=burst");
    for (let i = 0; i < 100; i++) ws.send({ type: "message", text: `m${i}`, userId: "fast" });
    const texts: unknown[] = [];
    for (let i = 0; i < 100; i++) texts.push((await ws.nextOfType("message")).text);
    expect(texts).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`));
    expect(ws.frames.filter((f) => f.type === "error")).toEqual([]);
  });

  it("`/api/chat` is one shared room; `?room=` picks another", async () => {
    const a = await open("/api/chat");
    const b = await open("/api/chat");
    const elsewhere = await open("/api/chat?room=elsewhere");
    a.send({ type: "message", text: "shared", userId: "u1" });
    expect(await b.nextOfType("message")).toMatchObject({ text: "shared", userId: "u1" });
    expect(await a.nextOfType("message")).toMatchObject({ text: "shared", userId: "u1" });
    await expectNoFrame(elsewhere, (f) => f.type === "message");
    elsewhere.send({ type: "message", text: "private", userId: "u2" });
    await elsewhere.nextOfType("message");
    await expectNoFrame(a, (f) => f.type === "message");
  });

  it("a socket that never joined leaves silently", async () => {
    const a = await open("/api/chat?room=silent");
    const b = await open("/api/chat?room=silent");
    // A frame the room answers, so the close below is one the room handles like any other.
    b.send('{ "type": "ping" }');
    await b.nextOfType("pong");
    b.close();
    await b.waitClose();
    await expectNoFrame(a, (f) => f.type === "user_left");
  });

  describe("bad input: an error frame, nothing stored, others unaffected", () => {
    it("malformed JSON, unknown types, wrong field types, empty text, binary", async () => {
      const room = "api-bad";
      const bad = await open(`/api/chat?room=${room}`);
      const good = await open(`/api/chat?room=${room}`);
      good.send({ type: "join", userId: "good" });
      await good.nextOfType("user_joined");
      await bad.nextOfType("user_joined");
      const before = (await roomLog(suite.server.ws, room)).lastSeq;
      const frames = [
        "{not json",
        '{"type":"shout","text":"x"}',
        '{"type":"message","text":5,"userId":"u"}',
        '{"type":"message","text":"","userId":"u"}',
        '{"type":"message","text":["a"]}',
        '{"type":"join","userId":7}',
        '{"type":"join"}',
        "[]",
        '"message"',
      ];
      for (const frame of frames) {
        bad.send(frame);
        const error = await bad.nextOfType("error");
        expect(typeof error.message).toBe("string");
      }
      sendBinary(bad, new TextEncoder().encode('{"type":"message","text":"bin","userId":"u"}'));
      await bad.nextOfType("error");
      await expectNoFrame(good, (f) => f.type === "message" || f.type === "error");
      expect(bad.frames.filter((f) => f.type === "message")).toEqual([]);
      expect((await roomLog(suite.server.ws, room)).lastSeq).toBe(before);
      // Both still work.
      good.send({ type: "message", text: "still here" });
      expect(await bad.nextOfType("message")).toMatchObject({ userId: "good", text: "still here" });
      bad.send({ type: "ping" });
      expect(await bad.nextOfType("pong")).toEqual({ type: "pong" });
    });

    it("a message over 1 MB gets a clear error and/or close 1009, and is not stored", async () => {
      const room = "api-big";
      const big = await open(`/api/chat?room=${room}`);
      const other = await open(`/api/chat?room=${room}`);
      const before = (await roomLog(suite.server.ws, room)).lastSeq;
      big.send(
        JSON.stringify({ type: "message", text: "x".repeat(1024 * 1024 + 1), userId: "big" }),
      );
      expect(String((await expectTooBig(big)).message)).toMatch(/larger than 1048576 bytes/);
      await expectNoFrame(other, (f) => f.type === "message");
      expect((await roomLog(suite.server.ws, room)).lastSeq).toBe(before);
      other.send({ type: "message", text: "fine", userId: "other" });
      expect(await other.nextOfType("message")).toMatchObject({ text: "fine" });
    });
  });
});

describe("seed 002: the inactivity timeout is configurable", () => {
  // A second server whose rooms close idle sockets after 1.5 s.
  const quick = useParlor({ vars: { IDLE_TIMEOUT_MS: "1500" } });

  it("closes an idle socket with 1000 'Idle timeout' and keeps a pinging one", async () => {
    const idle = await quick.open("/api/chat?room=idle");
    const busy = await quick.open("/api/chat?room=idle");
    idle.send({ type: "join", userId: "idle" });
    await idle.nextOfType("user_joined");
    busy.send({ type: "join", userId: "busy" });
    await busy.nextOfType("user_joined");
    const started = Date.now();
    const pinger = setInterval(() => busy.send({ type: "ping" }), 300);
    try {
      expect(await idle.waitClose(6000)).toEqual({ code: 1000, reason: "Idle timeout" });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      await busy.next((f) => f.type === "user_left" && f.userId === "idle");
      await sleep(1500);
      expect(busy.closed).toBeNull();
    } finally {
      clearInterval(pinger);
    }
  });

  it("sends the idle close to a socket that never sent anything", async () => {
    const silent = await quick.open("/api/chat?room=idle-silent");
    // workerd 1.20260426 delivers the close frame but keeps the TCP connection until the room
    // is evicted when the socket never sent a frame; the close frame is what the server controls.
    await closeFrameReceived(silent, 6000);
  });
});
