// The chat room inside workerd: sockets opened through the Worker's own fetch.
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ChatRoom } from "../../src/rooms/chat/chat-room.js";
import {
  connectionOf,
  forgetConnections,
  writeConnection,
} from "../../src/rooms/engine/connection.js";
import { eventually } from "../support/wait.js";
import { barrier, chatRoomStub, connect } from "./helpers.js";

describe("chat room", () => {
  it("welcomes, acks with a sequence number and broadcasts with server timestamps", async () => {
    const alice = await connect("/ws?room=w1&name=alice");
    const welcome = await alice.next("welcome");
    expect(welcome).toMatchObject({ room: "w1", name: "alice", users: ["alice"], count: 1 });
    const bob = await connect("/ws?room=w1&name=bob");
    await bob.next("welcome");
    expect(await alice.next("join")).toEqual({ type: "join", name: "bob", count: 2 });
    alice.send({ type: "message", message: "hello", clientId: "c1" });
    const ack = await alice.next("ack");
    expect(ack).toMatchObject({ clientId: "c1", seq: 1 });
    const got = await bob.next("message");
    expect(got).toMatchObject({ name: "alice", message: "hello", seq: 1 });
    // A clientId goes only to its sender (docs/security.md, finding 2).
    expect(got).not.toHaveProperty("clientId");
    expect(new Date(String(got.serverTime)).getTime()).toBe(got.timestamp);
  });

  it("stores a resent clientId once and acks it as a duplicate", async () => {
    const alice = await connect("/ws?room=dedupe&name=alice");
    await alice.next("welcome");
    alice.send({ type: "message", message: "once", clientId: "same" });
    const first = await alice.next("ack");
    alice.send({ type: "message", message: "once", clientId: "same" });
    const second = await alice.next("ack");
    expect(second).toMatchObject({ seq: first.seq, duplicate: true });
    alice.send({ type: "history" });
    const history = await alice.next("history");
    expect((history.messages as Frame[]).filter((m) => m.message === "once")).toHaveLength(1);
  });

  it("counts a user with several tabs once, and announces the leave after the last tab", async () => {
    const watcher = await connect("/ws?room=tabs&name=watcher");
    await watcher.next("welcome");
    const tab1 = await connect("/ws?room=tabs&name=alice");
    await tab1.next("welcome");
    expect(await watcher.next("join")).toMatchObject({ name: "alice", count: 2 });
    const tab2 = await connect("/ws?room=tabs&name=alice");
    const welcome = await tab2.next("welcome");
    expect(welcome.count).toBe(2);
    expect((welcome.users as string[]).sort()).toEqual(["alice", "watcher"]);
    tab1.ws.close(1000);
    // The room answers the close from webSocketClose, after it has dealt with the leave.
    await tab1.waitClose();
    await barrier(watcher);
    expect(watcher.frames.filter((f) => f.type === "join" || f.type === "leave")).toEqual([]);
    tab2.ws.close(1000);
    expect(await watcher.next("leave")).toEqual({ type: "leave", name: "alice", count: 1 });
  });

  it("shows direct messages only to their two parties, live and in history", async () => {
    const alice = await connect("/ws?room=dm&name=alice");
    const bob = await connect("/ws?room=dm&name=bob");
    const eve = await connect("/ws?room=dm&name=eve");
    for (const c of [alice, bob, eve]) await c.next("welcome");
    alice.send({ type: "direct", to: "bob", message: "secret", clientId: "d1" });
    expect(await alice.next("ack")).toMatchObject({ clientId: "d1" });
    expect(await bob.next("direct")).toMatchObject({ from: "alice", to: "bob", message: "secret" });
    expect(await alice.next("direct")).toMatchObject({ from: "alice", to: "bob" });
    alice.send({ type: "message", message: "public" });
    await eve.next("message");
    expect(eve.frames.some((f) => f.type === "direct")).toBe(false);
    eve.send({ type: "history" });
    const evesHistory = await eve.next("history");
    expect((evesHistory.messages as Frame[]).map((m) => m.message)).toEqual(["public"]);
    bob.send({ type: "history" });
    const bobsHistory = await bob.next("history");
    expect((bobsHistory.messages as Frame[]).map((m) => m.message)).toEqual(["secret", "public"]);
  });

  it("relays typing to the others only", async () => {
    const alice = await connect("/ws?room=typing&name=alice");
    const bob = await connect("/ws?room=typing&name=bob");
    await alice.next("welcome");
    await bob.next("welcome");
    alice.send({ type: "typing" });
    expect(await bob.next("typing")).toEqual({ type: "typing", name: "alice", typing: true });
    await barrier(alice);
    expect(alice.frames.some((f) => f.type === "typing")).toBe(false);
  });

  it("pages history by sequence number", async () => {
    const alice = await connect("/ws?room=pages&name=alice");
    await alice.next("welcome");
    for (let i = 1; i <= 12; i++) {
      alice.send({ type: "message", message: `m${i}` });
      await alice.next("ack");
    }
    alice.send({ type: "history", limit: 5 });
    const newest = await alice.next("history");
    expect((newest.messages as Frame[]).map((m) => m.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(newest.hasMore).toBe(true);
    alice.send({ type: "history", before: 3, limit: 5 });
    const oldest = await alice.next("history");
    expect((oldest.messages as Frame[]).map((m) => m.seq)).toEqual([1, 2]);
    expect(oldest.hasMore).toBe(false);
  });

  it("resumes with exactly the missed messages, or says reload for another epoch", async () => {
    const alice = await connect("/ws?room=resume&name=alice");
    const welcome = await alice.next("welcome");
    for (let i = 1; i <= 5; i++) {
      alice.send({ type: "message", message: `m${i}` });
      await alice.next("ack");
    }
    const back = await connect(`/ws?room=resume&name=bob&since=2&epoch=${welcome.epoch}`);
    const resumed = await back.next("welcome");
    expect(resumed.resume).toBe("ok");
    expect((resumed.history as Frame[]).map((m) => m.seq)).toEqual([3, 4, 5]);
    const stale = await connect("/ws?room=resume&name=carol&since=2&epoch=another");
    expect(await stale.next("welcome")).toMatchObject({ resume: "reload", lastSeq: 5 });
  });

  it("rebuilds presence from socket attachments when the object wakes", async () => {
    const alice = await connect("/ws?room=wake&name=alice");
    const bob = await connect("/ws?room=wake&name=bob");
    await alice.next("welcome");
    await bob.next("welcome");
    await runInDurableObject(chatRoomStub("wake"), async (_instance, state) => {
      // A fresh instance over the same state is what the runtime makes after hibernation; it
      // knows the sockets only from their attachments.
      forgetConnections(state.getWebSockets());
      const woken = new ChatRoom(state, env) as unknown as {
        presence: { users(): string[]; connectionCount: number };
      };
      expect(woken.presence.users().sort()).toEqual(["alice", "bob"]);
      expect(woken.presence.connectionCount).toBe(2);
    });
  });

  it("closes idle sockets from the alarm with 1000 Idle timeout", async () => {
    const idle = await connect("/ws?room=idle&name=sleepy");
    await idle.next("welcome");
    const stub = chatRoomStub("idle");
    await runInDurableObject(stub, (_instance, state) => {
      // Through the engine's own writer, which keeps what it wrote in memory too.
      for (const ws of state.getWebSockets()) {
        const conn = connectionOf(ws);
        if (conn) writeConnection(ws, { ...conn, lastSeen: 0 });
      }
    });
    await runDurableObjectAlarm(stub);
    expect(await idle.waitClose()).toEqual({ code: 1000, reason: "Idle timeout" });
  });
});

type Frame = Record<string, unknown>;

describe("directory reports", () => {
  it("come from a timer: a room's alarm stays at the idle sweep while people join", async () => {
    const ann = await connect("/ws?room=dir-timer&name=ann");
    await ann.next("welcome");
    // Within 2 s of the report ann's join sent at once: this one waits for the next report.
    const ben = await connect("/ws?room=dir-timer&name=ben");
    await ben.next("welcome");
    // Once ben's message is acknowledged, whatever his join asked of storage is done: the alarm
    // is still the idle sweep's (half of IDLE_TIMEOUT_MS, at most 60 s), not the report's 2 s.
    ben.send({ type: "message", message: "hi", clientId: "b1" });
    await ben.next("ack");
    const alarm = await runInDurableObject(chatRoomStub("dir-timer"), (_i, state) =>
      state.storage.getAlarm(),
    );
    expect(alarm).toBeGreaterThan(Date.now() + 10_000);
    const online = async () => {
      const response = await exports.default.fetch("http://parlor.test/api/rooms?limit=100");
      const body = (await response.json()) as { rooms: { name: string; online: number }[] };
      return body.rooms.find((r) => r.name === "dir-timer")?.online;
    };
    // The report still comes, from the timer.
    await eventually("the directory's count of 2", async () => (await online()) === 2, 5_000, 100);
    ann.ws.close(1000);
    ben.ws.close(1000);
  });
});

describe("large rooms", () => {
  it("replaces per-user join/leave with a presence count above 100 users", async () => {
    const watcher = await connect("/ws?room=big-room&name=watcher");
    await watcher.next("welcome");
    const others = [];
    for (let i = 0; i < 105; i++) {
      const c = await connect(`/ws?room=big-room&name=u${i}`);
      others.push(c);
    }
    await others.at(-1)!.next("welcome");
    // Joins are announced while the room has at most 100 users (a few at a time, in batches).
    const lastJoin = await watcher.next((f) => f.type === "join" && f.name === "u98");
    expect(lastJoin).toMatchObject({ count: 100 });
    // The count comes from a timer within about a second; one may already have gone out with
    // an earlier count: the summary that matters is the one with everyone in.
    let presence = await watcher.next("presence");
    while (presence.count !== 106) presence = await watcher.next("presence");
    expect(presence).toEqual({ type: "presence", count: 106 });
    // u0 to u97 before u98, and none after it.
    expect(watcher.frames.filter((f) => f.type === "join")).toHaveLength(98);
    const welcome = await (await connect("/ws?room=big-room&name=late")).next("welcome");
    expect(welcome.count).toBe(107);
    expect((welcome.users as string[]).length).toBeLessThanOrEqual(200);
    for (const c of others) c.ws.close(1000);
  });
});

describe("seed edges", () => {
  it("takes seed 004's untyped { message } as a chat message", async () => {
    const alice = await connect("/ws?room=untyped&name=alice");
    await alice.next("welcome");
    alice.send({ message: "hello from a seed 004 client" });
    expect(await alice.next("message")).toMatchObject({
      name: "alice",
      message: "hello from a seed 004 client",
    });
  });

  it("holds a seed 003 direct frame to a bounded size and keeps broadcasts from lying about `from`", async () => {
    const alice = await connect("/rooms/edges?userId=alice");
    const bob = await connect("/rooms/edges?userId=bob");
    alice.send({ type: "direct", targetUserId: "bob", payload: "x".repeat(100_000) });
    expect(await alice.next("error")).toMatchObject({ message: expect.stringMatching(/at most/) });
    alice.send({ type: "broadcast", from: "bob", text: "hi" });
    expect(await bob.next("broadcast")).toEqual({ type: "broadcast", from: "alice", text: "hi" });
    alice.send({ type: "direct", targetUserId: "bob", message: "small" });
    expect(await bob.next("direct")).toMatchObject({ from: "alice", message: "small" });
  });

  it("refuses an over-long resume epoch with a 400", async () => {
    const response = await exports.default.fetch(
      `http://parlor.test/ws?room=epoch&name=a&since=1&epoch=${"e".repeat(100)}`,
      { headers: { Upgrade: "websocket" } },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/epoch/) });
  });
});
