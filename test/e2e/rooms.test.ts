// Seed 003 (room per path), followed literally: `WS /rooms/<room>?userId=`, its browser client
// (which sends `{type:"join", userId}` after opening), its ClientMessage/ServerMessage, the
// tagged room's broadcast and direct, and idle cleanup by alarm.
import { describe, expect, it } from "vitest";
import {
  closeFrameReceived,
  expectNoFrame,
  expectRoomsChat,
  expectTooBig,
  roomLog,
  sendBinary,
} from "../support/frames.js";
import { useParlor } from "../support/server.js";
import { sleep, TestSocket } from "../support/ws.js";

const suite = useParlor();

/** The seed's `connectWebSocket(roomName, userId)`: open, then send `join`. */
async function connect(room: string, userId: string, base?: string): Promise<TestSocket> {
  const socket = await suite.open(`/rooms/${room}?userId=${userId}`, base);
  socket.send(JSON.stringify({ type: "join", userId }));
  return socket;
}

describe("seed 003: room per path", () => {
  it("accepts the browser client's join quietly and announces users to the others", async () => {
    const alice = await connect("r-join", "alice");
    const bob = await connect("r-join", "bob");
    expect(await alice.nextOfType("user_joined")).toEqual({ type: "user_joined", userId: "bob" });
    // No error for the join, and no user_joined about yourself.
    await expectNoFrame(alice, (f) => f.type === "error" || f.type === "user_joined");
    await expectNoFrame(bob, (f) => f.type === "error" || f.userId === "bob");
  });

  it("chat goes to everyone, sender included, as {type, from, message, timestamp}", async () => {
    const alice = await connect("r-chat", "alice");
    const bob = await connect("r-chat", "bob");
    await alice.nextOfType("user_joined");
    alice.send({ type: "chat", message: "hello room" });
    for (const s of [alice, bob]) {
      const chat = await s.nextOfType("chat");
      expectRoomsChat(chat, "alice", "hello room");
    }
  });

  it("typing goes to the others only; ping gets pong", async () => {
    const alice = await connect("r-typing", "alice");
    const bob = await connect("r-typing", "bob");
    await alice.nextOfType("user_joined");
    alice.send({ type: "typing" });
    expect(await bob.nextOfType("typing")).toEqual({ type: "typing", userId: "alice" });
    await expectNoFrame(alice, (f) => f.type === "typing");
    bob.send({ type: "ping" });
    expect(await bob.nextOfType("pong")).toEqual({ type: "pong" });
  });

  it("broadcast is sent as-is to every socket in the room", async () => {
    const alice = await connect("r-bcast", "alice");
    const bob = await connect("r-bcast", "bob");
    await alice.nextOfType("user_joined");
    const frame = { type: "broadcast", payload: { anything: [1, "two"] } };
    alice.send(frame);
    expect(await bob.nextOfType("broadcast")).toMatchObject(frame);
    expect(await alice.nextOfType("broadcast")).toMatchObject(frame);
  });

  it("direct reaches only the target user's sockets (every tab), with `from`", async () => {
    const alice = await connect("r-direct", "alice");
    const bob1 = await connect("r-direct", "bob");
    const bob2 = await connect("r-direct", "bob");
    const carol = await connect("r-direct", "carol");
    await alice.next((f) => f.type === "user_joined" && f.userId === "carol");
    alice.send({ type: "direct", targetUserId: "bob", message: "psst" });
    for (const bob of [bob1, bob2]) {
      expect(await bob.nextOfType("direct")).toEqual({
        type: "direct",
        targetUserId: "bob",
        message: "psst",
        from: "alice",
      });
    }
    await expectNoFrame(carol, (f) => f.type === "direct");
    await expectNoFrame(alice, (f) => f.type === "direct");
    // A second tab of bob did not announce bob twice.
    expect(alice.frames.filter((f) => f.type === "user_joined" && f.userId === "bob").length).toBe(
      1,
    );
  });

  it("refuses a direct frame nested deeper than 32 levels, however small; 32 is delivered", async () => {
    const alice = await connect("r-deep", "alice");
    const bob = await connect("r-deep", "bob");
    await alice.next((f) => f.type === "user_joined" && f.userId === "bob");
    const nest = (levels: number) => {
      let extra: unknown = "core";
      for (let i = 1; i < levels; i++) extra = [extra];
      return extra;
    };
    // 2,000 levels is ~4 KB of JSON: within the size limit, past what a recursive walk can take.
    alice.send({ type: "direct", targetUserId: "bob", message: "deep", extra: nest(2000) });
    // Seed 003's error frame is `{type, message}` (no code).
    expect(await alice.nextOfType("error")).toEqual({
      type: "error",
      message: "a direct frame may nest at most 32 levels",
    });
    // The frame itself is one level, so `extra` may nest 31.
    alice.send({ type: "direct", targetUserId: "bob", message: "fits", extra: nest(31) });
    expect(await bob.nextOfType("direct")).toMatchObject({ message: "fits", from: "alice" });
    expect(bob.frames.filter((f) => f.type === "direct" && f.message === "deep")).toEqual([]);
  });

  it("announces user_left within 2 s, once the user's last socket closes", async () => {
    const alice = await connect("r-leave", "alice");
    const bob1 = await connect("r-leave", "bob");
    const bob2 = await connect("r-leave", "bob");
    await alice.nextOfType("user_joined");
    bob1.close();
    // The room answers the close after it has handled the leave.
    await bob1.waitClose();
    await expectNoFrame(alice, (f) => f.type === "user_left");
    bob2.close();
    expect(await alice.nextOfType("user_left", 2500)).toEqual({
      type: "user_left",
      userId: "bob",
    });
  });

  it("rooms are isolated by path; no userId means 'anonymous'", async () => {
    const here = await connect("r-iso-a", "alice");
    const there = await suite.open("/rooms/r-iso-b");
    there.send({ type: "chat", message: "elsewhere" });
    expect(await there.nextOfType("chat")).toMatchObject({ from: "anonymous" });
    await expectNoFrame(here, (f) => f.type === "chat" || f.type === "user_joined");
  });

  it("the seed's own client address, `/<roomName>?userId=`, is the same room", async () => {
    const seedClient = await suite.open("/r-seed-path?userId=alice");
    seedClient.send(JSON.stringify({ type: "join", userId: "alice" }));
    const viaRooms = await connect("r-seed-path", "bob");
    expect(await seedClient.nextOfType("user_joined")).toEqual({
      type: "user_joined",
      userId: "bob",
    });
    seedClient.send({ type: "chat", message: "hello from /r-seed-path" });
    for (const s of [seedClient, viaRooms]) {
      expectRoomsChat(await s.nextOfType("chat"), "alice", "hello from /r-seed-path");
    }
  });

  it("a percent-encoded door is the door the router took: `/w%73?room=` is Parlor's", async () => {
    const parlor = await suite.open("/w%73?room=r-encoded&name=bob");
    expect(await parlor.nextOfType("welcome")).toMatchObject({ room: "r-encoded", name: "bob" });
    const seed = await connect("r-encoded", "alice");
    seed.send({ type: "chat", message: "to the encoded door" });
    expect(await parlor.nextOfType("message")).toMatchObject({ message: "to the encoded door" });
  });

  it("an upgrade at `/` is the room 'default', as the seed's Worker names it", async () => {
    const atRoot = await suite.open("/?userId=root-user");
    const named = await connect("default", "named-user");
    // Other tests may meet in "default" too: wait for these two users' own frames.
    await atRoot.next((f) => f.type === "user_joined" && f.userId === "named-user");
    named.send({ type: "chat", message: "in default" });
    const chat = await atRoot.next((f) => f.type === "chat" && f.message === "in default");
    expectRoomsChat(chat, "named-user", "in default");
  });

  it("a non-upgrade request gets the seed's 426 `Expected websocket`; a bad room name gets 400", async () => {
    const plain = await fetch(`${suite.server.http}/rooms/lobby`, {
      signal: AbortSignal.timeout(5000),
    });
    expect(plain.status).toBe(426);
    expect(await plain.text()).toBe("Expected websocket");
    // A page request to an address no route has is still a 404 (only upgrades become rooms).
    const page = await fetch(`${suite.server.http}/no-such-page`, {
      signal: AbortSignal.timeout(5000),
    });
    expect(page.status).toBe(404);
    await expect(TestSocket.open(`${suite.server.ws}/rooms/${"x".repeat(80)}`)).rejects.toThrow(
      /unexpected response 400/,
    );
  });

  describe("bad input: an error frame, nothing stored, others unaffected", () => {
    it("malformed JSON, unknown types, wrong field types, binary", async () => {
      const room = "r-bad";
      const bad = await connect(room, "bad");
      const good = await connect(room, "good");
      await bad.nextOfType("user_joined");
      const before = (await roomLog(suite.server.ws, room)).lastSeq;
      const frames = [
        "{oops",
        '{"type":"dance"}',
        '{"type":"chat","message":42}',
        '{"type":"chat"}',
        '{"type":"chat","message":"   "}',
        '{"type":"direct","targetUserId":5,"message":"x"}',
        '{"type":"direct","message":"no target"}',
        "123",
        "[1,2]",
      ];
      for (const frame of frames) {
        bad.send(frame);
        const error = await bad.nextOfType("error");
        expect(Object.keys(error).sort()).toEqual(["message", "type"]);
        expect(String(error.message).length).toBeGreaterThan(0);
      }
      sendBinary(bad, new TextEncoder().encode('{"type":"chat","message":"bin"}'));
      await bad.nextOfType("error");
      await expectNoFrame(good, (f) => ["chat", "direct", "error"].includes(String(f.type)));
      expect((await roomLog(suite.server.ws, room)).lastSeq).toBe(before);
      good.send({ type: "chat", message: "still fine" });
      expect(await bad.nextOfType("chat")).toMatchObject({ from: "good", message: "still fine" });
    });

    it("a frame over 1 MiB gets an error frame and/or close 1009", async () => {
      const room = "r-big";
      const big = await connect(room, "big");
      const other = await connect(room, "other");
      const before = (await roomLog(suite.server.ws, room)).lastSeq;
      big.send(JSON.stringify({ type: "chat", message: "y".repeat(1024 * 1024 + 1) }));
      await expectTooBig(big);
      await expectNoFrame(other, (f) => f.type === "chat");
      expect((await roomLog(suite.server.ws, room)).lastSeq).toBe(before);
      other.send({ type: "ping" });
      await other.nextOfType("pong");
    });
  });
});

describe("seed 003: idle sockets are closed by an alarm", () => {
  // A second server whose rooms close idle sockets after 1.5 s.
  const quick = useParlor({ vars: { IDLE_TIMEOUT_MS: "1500" } });

  it("closes with 1000 'Idle timeout'; the others hear user_left", async () => {
    const idle = await connect("r-idle", "idle", quick.server.ws);
    const busy = await connect("r-idle", "busy", quick.server.ws);
    await idle.nextOfType("user_joined");
    const pinger = setInterval(() => busy.send({ type: "ping" }), 300);
    try {
      expect(await idle.waitClose(6000)).toEqual({ code: 1000, reason: "Idle timeout" });
      expect(await busy.nextOfType("user_left", 3000)).toEqual({
        type: "user_left",
        userId: "idle",
      });
      await sleep(1000);
      expect(busy.closed).toBeNull();
    } finally {
      clearInterval(pinger);
    }
  });

  it("sends the idle close even to a socket that never sent a frame", async () => {
    const silent = await quick.open("/rooms/r-idle-silent?userId=silent");
    await closeFrameReceived(silent, 6000);
  });
});
