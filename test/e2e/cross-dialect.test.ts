// One chat namespace: `/ws?room=lobby&name=`, `/api/chat?room=lobby` and `/rooms/lobby` are the
// same room, with one history and one presence list; each socket hears it in its own dialect.
import { describe, expect, it } from "vitest";
import {
  expectApiMessage,
  expectNoFrame,
  expectRecentIso,
  expectRoomsChat,
  roomLog,
} from "../support/frames.js";
import { useParlor } from "../support/server.js";

const suite = useParlor();
const { open } = suite;

describe("one room, three dialects", () => {
  it("shares presence, delivers every message to all three, stores each once", async () => {
    const parlor = await open("/ws?room=lobby&name=alice");
    const welcome = await parlor.nextOfType("welcome");
    expect(welcome).toMatchObject({ room: "lobby", users: ["alice"], count: 1, lastSeq: 0 });

    const api = await open("/api/chat?room=lobby");
    api.send({ type: "join", userId: "bob" });
    await api.next((f) => f.type === "user_joined" && f.userId === "bob");
    expect(await parlor.nextOfType("join")).toEqual({ type: "join", name: "bob", count: 2 });

    const rooms = await open("/rooms/lobby?userId=carol");
    rooms.send({ type: "join", userId: "carol" });
    expect(await parlor.nextOfType("join")).toEqual({ type: "join", name: "carol", count: 3 });
    const carolJoined = await api.next((f) => f.type === "user_joined" && f.userId === "carol");
    expectRecentIso(carolJoined.timestamp);

    // A fourth socket sees all three in the Parlor welcome's presence list.
    const look = await roomLog(suite.server.ws, "lobby", "dave");
    expect(look.lastSeq).toBe(0);

    // From Parlor.
    parlor.send({ type: "message", message: "from parlor", clientId: "p1" });
    expect(await parlor.nextOfType("ack")).toMatchObject({ clientId: "p1", seq: 1 });
    // Parlor senders get their own message too (every tab sees it).
    expect(await parlor.nextOfType("message")).toMatchObject({ seq: 1, name: "alice" });
    const a1 = await api.nextOfType("message");
    expectApiMessage(a1, "alice", "from parlor");
    const r1 = await rooms.nextOfType("chat");
    expectRoomsChat(r1, "alice", "from parlor");
    expect(new Date(String(a1.timestamp)).getTime()).toBe(r1.timestamp);

    // From the chat API.
    api.send({ type: "message", text: "from api" });
    expect(await parlor.nextOfType("message")).toMatchObject({
      type: "message",
      name: "bob",
      message: "from api",
      seq: 2,
    });
    expect(await rooms.nextOfType("chat")).toMatchObject({ from: "bob", message: "from api" });
    expect(await api.nextOfType("message")).toMatchObject({ userId: "bob", text: "from api" });

    // From the rooms dialect.
    rooms.send({ type: "chat", message: "from rooms" });
    expect(await parlor.nextOfType("message")).toMatchObject({
      name: "carol",
      message: "from rooms",
      seq: 3,
    });
    expect(await api.nextOfType("message")).toMatchObject({ userId: "carol", text: "from rooms" });
    expect(await rooms.nextOfType("chat")).toMatchObject({ from: "carol", message: "from rooms" });

    // Stored once each, in order, in the one history.
    const log = await roomLog(suite.server.ws, "lobby");
    expect(log.lastSeq).toBe(3);
    expect(log.history.map((m) => [m.seq, m.name, m.message])).toEqual([
      [1, "alice", "from parlor"],
      [2, "bob", "from api"],
      [3, "carol", "from rooms"],
    ]);
    // Each socket got each message exactly once.
    for (const s of [parlor, api, rooms]) {
      await expectNoFrame(s, (f) => f.type === "message" || f.type === "chat");
    }
  });

  it("a Parlor user's presence shows up in the others' dialects and vice versa", async () => {
    const rooms = await open("/rooms/presence?userId=carol");
    const api = await open("/api/chat?room=presence");
    api.send({ type: "join", userId: "bob" });
    await rooms.next((f) => f.type === "user_joined" && f.userId === "bob");
    const parlor = await open("/ws?room=presence&name=alice");
    const welcome = await parlor.nextOfType("welcome");
    expect([...(welcome.users as string[])].sort()).toEqual(["alice", "bob", "carol"]);
    expect(welcome.count).toBe(3);
    expect(await rooms.nextOfType("user_joined")).toEqual({ type: "user_joined", userId: "alice" });
    await api.next((f) => f.type === "user_joined" && f.userId === "alice");
  });

  it("typing crosses from rooms to Parlor; seed 002 has no typing frame", async () => {
    const parlor = await open("/ws?room=typing&name=alice");
    await parlor.nextOfType("welcome");
    const api = await open("/api/chat?room=typing");
    const rooms = await open("/rooms/typing?userId=carol");
    await parlor.nextOfType("join");
    rooms.send({ type: "typing" });
    expect(await parlor.nextOfType("typing")).toEqual({
      type: "typing",
      name: "carol",
      typing: true,
    });
    await expectNoFrame(api, (f) => f.type === "typing");
  });

  it("leaves are announced in every dialect within 2 s", async () => {
    const parlor = await open("/ws?room=leaves&name=alice");
    await parlor.nextOfType("welcome");
    const api = await open("/api/chat?room=leaves");
    api.send({ type: "join", userId: "bob" });
    await api.next((f) => f.type === "user_joined" && f.userId === "bob");
    const rooms = await open("/rooms/leaves?userId=carol");
    await api.next((f) => f.type === "user_joined" && f.userId === "carol");

    // Parlor user leaves: the API and rooms sockets hear it.
    parlor.close();
    const apiLeft = await api.next((f) => f.type === "user_left" && f.userId === "alice", 2500);
    expectRecentIso(apiLeft.timestamp);
    expect(await rooms.nextOfType("user_left", 2500)).toEqual({
      type: "user_left",
      userId: "alice",
    });

    // Rooms user leaves: a new Parlor socket and the API hear it.
    const parlor2 = await open("/ws?room=leaves&name=dave");
    await parlor2.nextOfType("welcome");
    rooms.close();
    expect(await parlor2.nextOfType("leave", 2500)).toEqual({
      type: "leave",
      name: "carol",
      count: 2,
    });
    await api.next((f) => f.type === "user_left" && f.userId === "carol", 2500);

    // API user leaves: Parlor hears it.
    api.close();
    expect(await parlor2.nextOfType("leave", 2500)).toEqual({
      type: "leave",
      name: "bob",
      count: 1,
    });
  });

  it("a seed 003 direct message reaches a Parlor user privately and is stored once", async () => {
    const parlor = await open("/ws?room=dm&name=alice");
    await parlor.nextOfType("welcome");
    const rooms = await open("/rooms/dm?userId=carol");
    const api = await open("/api/chat?room=dm");
    await parlor.nextOfType("join");
    rooms.send({ type: "direct", targetUserId: "alice", message: "just you" });
    expect(await parlor.nextOfType("direct")).toMatchObject({
      type: "direct",
      from: "carol",
      to: "alice",
      message: "just you",
      seq: 1,
    });
    await expectNoFrame(api, (f) => f.type === "message" || f.type === "direct");
    const other = await roomLog(suite.server.ws, "dm", "eve");
    expect(other.lastSeq).toBe(1);
    expect(other.history).toEqual([]);
  });

  it("bad input in any dialect stores nothing and disturbs no one else", async () => {
    const parlor = await open("/ws?room=bad-all&name=alice");
    await parlor.nextOfType("welcome");
    const api = await open("/api/chat?room=bad-all");
    const rooms = await open("/rooms/bad-all?userId=carol");
    await parlor.nextOfType("join");
    const junk = ["{nope", '{"type":"zap"}', '{"type":"message","message":7}', "[]"];
    for (const frame of junk) {
      parlor.send(frame);
      const error = await parlor.nextOfType("error");
      expect(error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      api.send(frame);
      await api.nextOfType("error");
      rooms.send(frame);
      await rooms.nextOfType("error");
    }
    parlor.raw.send(Buffer.from("{}"), { binary: true });
    expect(await parlor.nextOfType("error")).toMatchObject({ code: "binary_not_supported" });
    for (const s of [parlor, api, rooms]) {
      await expectNoFrame(s, (f) => ["message", "chat", "error"].includes(String(f.type)));
    }
    expect((await roomLog(suite.server.ws, "bad-all")).lastSeq).toBe(0);
    api.send({ type: "message", text: "ok", userId: "bob" });
    expect(await rooms.nextOfType("chat")).toMatchObject({ from: "bob", message: "ok" });
  });
});
