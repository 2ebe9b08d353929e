// Engine pieces over a real Durable Object's SQLite, inside workerd.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { PresenceAnnouncer } from "../../src/rooms/chat/presence-announcer.js";
import {
  type Connection,
  connectionOf,
  writeConnection,
} from "../../src/rooms/engine/connection.js";
import { FrameLane } from "../../src/rooms/engine/frame-lane.js";
import { MessageLog } from "../../src/rooms/engine/message-log.js";
import { Presence } from "../../src/rooms/engine/presence.js";
import { RateLimiter } from "../../src/rooms/engine/rate-limit.js";
import { WakeTimer } from "../../src/rooms/engine/wake-timer.js";
import { chatRoomStub, connect } from "./helpers.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("message log", () => {
  it("keeps the newest `retention` messages and says reload beyond them", async () => {
    await runInDurableObject(chatRoomStub("log-retention"), (_i, state) => {
      const log = new MessageLog(state.storage.sql, 5);
      for (let i = 0; i < 12; i++) log.append({ kind: "message", sender: "a", text: `m${i}` });
      expect(log.lastSeq).toBe(12);
      expect(log.firstSeq).toBe(8);
      expect(log.page(undefined, 50).messages.map((m) => m.seq)).toEqual([8, 9, 10, 11, 12]);
      expect(log.since(undefined, 7, log.epoch, 100)).toMatchObject({ status: "ok" });
      expect(log.since(undefined, 6, log.epoch, 100)).toEqual({
        status: "reload",
        reason: "beyond retention",
      });
      expect(log.since(undefined, 7, log.epoch, 2)).toMatchObject({ status: "reload" });
    });
  });

  it("keeps its sequence and epoch across instances, and changes the epoch on a wipe", async () => {
    await runInDurableObject(chatRoomStub("log-epoch"), (_i, state) => {
      const first = new MessageLog(state.storage.sql, 100);
      first.append({ kind: "message", sender: "a", text: "x" });
      const again = new MessageLog(state.storage.sql, 100);
      expect(again.epoch).toBe(first.epoch);
      expect(again.append({ kind: "message", sender: "a", text: "y" }).seq).toBe(2);
      const before = again.epoch;
      again.wipe();
      expect(again.epoch).not.toBe(before);
      expect(again.lastSeq).toBe(0);
      expect(again.since(undefined, 2, before, 100)).toMatchObject({ status: "reload" });
    });
  });
});

describe("connection attachment", () => {
  it("reads back what was written, and not what a failed write was given", async () => {
    await runInDurableObject(chatRoomStub("attachment"), (_i, state) => {
      const { 1: server } = new WebSocketPair();
      state.acceptWebSocket(server);
      const conn: Connection<{ note: string }> = {
        id: "c1",
        user: "alice",
        joinedAt: 1,
        lastSeen: 1,
        state: { note: "small" },
      };
      writeConnection(server, conn);
      expect(connectionOf(server)).toEqual(conn);
      expect(server.deserializeAttachment()).toEqual(conn);
      // The runtime refuses an attachment this large: the write fails, and the earlier one stands.
      conn.state = { note: "x".repeat(65536) };
      expect(() => writeConnection(server, conn)).toThrow();
      expect(connectionOf<{ note: string }>(server)?.state.note).toBe("small");
    });
  });
});

describe("rate limiter", () => {
  it("limits a flood and remembers it across instances (hibernation)", async () => {
    await runInDurableObject(chatRoomStub("rate"), (_i, state) => {
      const now = 1_000_000;
      const limiter = new RateLimiter(state.storage.sql, 10, 5, 3);
      const verdicts = Array.from({ length: 8 }, () => limiter.take("alice", now));
      expect(verdicts).toEqual(["ok", "ok", "ok", "ok", "ok", "limited", "limited", "abuse"]);
      const woken = new RateLimiter(state.storage.sql, 10, 5, 3);
      expect(woken.take("alice", now)).toBe("abuse");
      expect(woken.take("bob", now)).toBe("ok");
      // Refilled after a second at 10 per second.
      expect(woken.take("alice", now + 1000)).toBe("ok");
    });
  });

  it("per socket and per user: only a socket's own flood closes it; another tab is refused, not closed", async () => {
    await runInDurableObject(chatRoomStub("rate-pair"), (_i, state) => {
      const now = 3_000_000;
      const limiter = new RateLimiter(state.storage.sql, 10, 5, 3);
      const noisy = Array.from({ length: 8 }, () => limiter.takeFrame("tab-1", "carol", now));
      expect(noisy).toEqual(["ok", "ok", "ok", "ok", "ok", "limited", "limited", "abuse"]);
      // carol's other tab: its own bucket is full, hers is empty and struck out.
      const calm = Array.from({ length: 4 }, () => limiter.takeFrame("tab-2", "carol", now));
      expect(calm).toEqual(["limited", "limited", "limited", "limited"]);
      // Someone else, and a socket with no user, are untouched.
      expect(limiter.takeFrame("tab-3", "dave", now)).toBe("ok");
      expect(limiter.takeFrame("tab-4", null, now)).toBe("ok");
      // A socket alone (no user bucket) is still closed for its own flood.
      const alone = Array.from({ length: 9 }, () => limiter.takeFrame("tab-5", null, now));
      expect(alone.at(-1)).toBe("abuse");
    });
  });

  it("refuses some frames of a sender a little over the rate but never closes it", async () => {
    await runInDurableObject(chatRoomStub("rate-steady"), (_i, state) => {
      const limiter = new RateLimiter(state.storage.sql, 10, 5, 3);
      const verdicts = new Set<string>();
      // 12 frames a second for a minute against 10 a second.
      for (let i = 0; i < 720; i++)
        verdicts.add(limiter.take("steady", 1_000_000 + i * (1000 / 12)));
      expect(verdicts).toEqual(new Set(["ok", "limited"]));
    });
  });

  it("writes a bucket far from its limit at most once a second, and every frame near it", async () => {
    await runInDurableObject(chatRoomStub("rate-writes"), (_i, state) => {
      const written = () =>
        state.storage.sql
          .exec<{ updated: number; tokens: number }>(
            "SELECT updated, tokens FROM rate_buckets WHERE key = 'calm'",
          )
          .one();
      const limiter = new RateLimiter(state.storage.sql, 100, 100, 3);
      const start = 2_000_000;
      // 20 frames in 200 ms: the bucket stays above half full, so only the first is written.
      for (let i = 0; i < 20; i++) expect(limiter.take("calm", start + i * 10)).toBe("ok");
      expect(written().updated).toBe(start);
      // A second later it is written again.
      limiter.take("calm", start + 1000);
      expect(written().updated).toBe(start + 1000);
      // Below half full, every frame is written, so a restart cannot hand out a fresh burst.
      for (let i = 0; i < 60; i++) limiter.take("calm", start + 1000);
      expect(written().tokens).toBe(39);
      const woken = new RateLimiter(state.storage.sql, 100, 100, 3);
      const left = Array.from({ length: 60 }, () => woken.take("calm", start + 1000));
      expect(left.filter((v) => v === "ok").length).toBe(39);
    });
  });
});

describe("frame limits", () => {
  it("answers binary frames and bad JSON with error frames and keeps serving", async () => {
    const alice = await connect("/ws?room=limits&name=alice");
    await alice.next("welcome");
    alice.ws.send(new Uint8Array([1, 2, 3]));
    expect(await alice.next("error")).toMatchObject({ code: "binary_not_supported" });
    alice.send("{not json");
    expect(await alice.next("error")).toMatchObject({ code: "bad_json" });
    alice.send({ type: "nope" });
    expect(await alice.next("error")).toMatchObject({ code: "unknown_type" });
    alice.send({ type: "message", message: "x".repeat(4001), clientId: "long-1" });
    expect(await alice.next("error")).toMatchObject({ code: "too_long", clientId: "long-1" });
    alice.send({ type: "message", message: "still here" });
    expect(await alice.next("ack")).toMatchObject({ seq: 1 });
  });

  it("closes with 1009 on a frame over 1 MiB, storing nothing", async () => {
    const big = await connect("/ws?room=big&name=big");
    await big.next("welcome");
    big.send({ type: "message", message: "y".repeat(2 * 1024 * 1024) });
    expect((await big.waitClose()).code).toBe(1009);
    const other = await connect("/ws?room=big&name=other");
    expect(await other.next("welcome")).toMatchObject({ lastSeq: 0, history: [] });
  });

  it("rate-limits a flood with error frames, then closes with 1008", async () => {
    const flood = await connect("/ws?room=flood&name=flood");
    const calm = await connect("/ws?room=flood&name=calm");
    await flood.next("welcome");
    await calm.next("welcome");
    const started = Date.now();
    for (let i = 0; i < 1000; i++) flood.send({ type: "message", message: `f${i}` });
    // The first refusal comes after the burst's 200 acks and broadcasts: allow a slow machine.
    expect(await flood.next("error", 15_000)).toMatchObject({ code: "rate_limited" });
    expect((await flood.waitClose(15_000)).code).toBe(1008);
    const seconds = (Date.now() - started) / 1000;
    calm.send({ type: "message", message: "calm" });
    const ack = await calm.next("ack");
    // Only what the bucket allowed was stored: the burst (200) plus 50 per second since.
    expect(Number(ack.seq)).toBeLessThanOrEqual(200 + Math.ceil(50 * seconds) + 1);
    expect(Number(ack.seq)).toBeLessThan(1000);
  });
});

describe("frame lane", () => {
  /** `count` frames queued at once: what the first turn handled, and everything in the end. */
  const queued = async (count: number, connectionCount: number) => {
    const lane = new FrameLane(false, { connectionCount });
    const ran: number[] = [];
    for (let i = 0; i < count; i++) lane.run(() => ran.push(i));
    await sleep(0);
    const firstTurn = [...ran];
    await sleep(50);
    return { firstTurn, ran };
  };
  const upTo = (count: number) => Array.from({ length: count }, (_, i) => i);

  it("handles everything that arrived meanwhile in one turn in a small room", async () => {
    const { firstTurn, ran } = await queued(5, 100);
    expect(firstTurn).toEqual([0, 1, 2, 3, 4]);
    expect(ran).toEqual([0, 1, 2, 3, 4]);
  });

  it("takes 300 frames a turn into 100 sockets (30,000 sends), in order", async () => {
    const { firstTurn, ran } = await queued(450, 100);
    expect(firstTurn).toEqual(upTo(300));
    expect(ran).toEqual(upTo(450));
  });

  it("takes 30 frames a turn into 999 sockets, and 10 from 1,000 (10,000 sends)", async () => {
    expect((await queued(45, 999)).firstTurn).toEqual(upTo(30));
    const large = await queued(45, 1000);
    expect(large.firstTurn).toEqual(upTo(10));
    expect(large.ran).toEqual(upTo(45));
  });

  it("takes two frames a turn into 5,000 sockets, in order, until all are handled", async () => {
    const { firstTurn, ran } = await queued(5, 5000);
    expect(firstTurn).toEqual([0, 1]);
    expect(ran).toEqual([0, 1, 2, 3, 4]);
  });

  /** `count` frames queued at once, commits made durable only when the test says so. */
  const heldCommits = async (count: number, connectionCount: number) => {
    let syncs = 0;
    let release = () => {};
    const storage = {
      sync: () => {
        syncs++;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    };
    const lane = new FrameLane(false, { connectionCount }, storage);
    const ran: number[] = [];
    for (let i = 0; i < count; i++) lane.run(() => ran.push(i));
    await sleep(20);
    return { ran, syncs: () => syncs, release: () => release() };
  };

  it("in a large room, starts the next turn only once the last one's commit is durable", async () => {
    const room = await heldCommits(250, 5000);
    expect(room.ran).toEqual([0, 1]);
    expect(room.syncs()).toBe(1);
    room.release();
    await sleep(0);
    expect(room.ran).toEqual([0, 1, 2, 3]);
    expect(room.syncs()).toBe(2);
  });

  it("in a small room, goes on without waiting for the commit", async () => {
    // 300 frames a turn into 100 sockets: three turns, none waiting.
    const room = await heldCommits(750, 100);
    expect(room.ran).toEqual(upTo(750));
    expect(room.syncs()).toBe(0);
  });
});

describe("wake timer", () => {
  it("runs once at the earliest time asked, and again when the run asks", async () => {
    const runs: number[] = [];
    const start = Date.now();
    const timer = new WakeTimer((now) => {
      runs.push(now - start);
      return runs.length === 1 ? now + 30 : null;
    });
    timer.atMost(start + 200);
    timer.atMost(start + 40); // earlier: replaces the first
    timer.atMost(start + 100); // later than the one pending: ignored
    await sleep(400);
    expect(runs).toHaveLength(2);
    expect(runs[0]).toBeGreaterThanOrEqual(40);
    expect(runs[0]).toBeLessThan(200);
    expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(30);
  });
});

describe("joins and leaves in small rooms", () => {
  /** `joins` joins `gapMs` apart: the events of each send, and how many sends came before the last. */
  const stream = async (joins: number, gapMs: number) => {
    const presence = new Presence();
    const sends: string[][] = [];
    const announcer = new PresenceAnnouncer(
      presence,
      (events) => sends.push(events.map((e) => ("user" in e ? e.user : e.kind))),
      () => {},
      () => {},
    );
    for (let i = 0; i < joins; i++) {
      if (i > 0) await sleep(gapMs);
      presence.add(`c${i}`, `u${i}`);
      announcer.announce({ kind: "join", user: `u${i}`, count: i + 1, at: Date.now() });
    }
    const beforeLast = sends.length;
    await sleep(400);
    return { sends, beforeLast };
  };

  it("sends a burst's joins once it is over, in one go", async () => {
    // 70 ms of arrivals: longer than the 50 ms quiet, shorter than the 250 ms cap.
    const { sends } = await stream(8, 10);
    expect(sends).toEqual([["u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7"]]);
  });

  it("still sends a steady stream of joins every so often, in order", async () => {
    const { sends, beforeLast } = await stream(40, 20);
    expect(beforeLast).toBeGreaterThanOrEqual(2);
    expect(sends.flat()).toEqual(Array.from({ length: 40 }, (_, i) => `u${i}`));
  });
});

describe("presence in large rooms", () => {
  const roomOf = (users: number) => {
    const presence = new Presence();
    for (let i = 0; i < users; i++) presence.add(`c${i}`, `u${i}`);
    return presence;
  };
  const announcerOf = (presence: Presence) => {
    const counts: number[] = [];
    const wakes: number[] = [];
    const announcer = new PresenceAnnouncer(
      presence,
      () => {},
      (event) => {
        if (event.kind === "presence") counts.push(event.count);
      },
      (at) => wakes.push(at),
    );
    return { announcer, counts, wakes };
  };

  it("sends a count once a second up to 1,000 users", () => {
    const presence = roomOf(300);
    const { announcer, counts } = announcerOf(presence);
    expect(announcer.summarize(10_000)).toBeNull();
    presence.add("c300", "u300");
    expect(announcer.summarize(10_999)).toBe(11_000);
    expect(announcer.summarize(11_000)).toBeNull();
    expect(counts).toEqual([300, 301]);
    // Nothing changed: nothing to send, and no reason to be called again.
    expect(announcer.summarize(20_000)).toBeNull();
    expect(counts).toEqual([300, 301]);
  });

  it("sends counts less often above 1,000 users: a frame to everyone costs the whole room", () => {
    const presence = roomOf(5000);
    const { announcer, counts, wakes } = announcerOf(presence);
    expect(announcer.summarize(10_000)).toBeNull();
    presence.add("c5000", "u5000");
    announcer.announce({ kind: "join", user: "u5000", count: 5001, at: 10_100 });
    // The next count is due 5,001 ms after the last one, not a second later.
    expect(wakes.at(-1)).toBeGreaterThanOrEqual(15_001);
    expect(announcer.summarize(11_000)).toBe(15_001);
    expect(counts).toEqual([5000]);
    expect(announcer.summarize(15_001)).toBeNull();
    expect(counts).toEqual([5000, 5001]);
  });

  it("asks for the alarm once for a run of leaves, not once each, and again after the count", () => {
    const presence = roomOf(2000);
    const { announcer, counts, wakes } = announcerOf(presence);
    const now = Date.now();
    expect(announcer.summarize(now)).toBeNull();
    const leave = (i: number) => {
      presence.remove(`c${i}`, `u${i}`);
      announcer.announce({ kind: "leave", user: `u${i}`, count: presence.userCount, at: now });
    };
    // Each leave makes the next count due a millisecond sooner (a room over 1,000 waits a
    // millisecond per user); the alarm is asked for once all the same.
    for (let i = 0; i < 50; i++) leave(i);
    expect(wakes).toHaveLength(1);
    // An early alarm finds the count not due yet and says when (the room sets its alarm then).
    expect(announcer.summarize(now + 1)).toBe(now + 1950);
    leave(50);
    expect(wakes).toHaveLength(1);
    expect(announcer.summarize(now + 1950)).toBeNull();
    expect(counts).toEqual([2000, 1949]);
    leave(51);
    expect(wakes).toHaveLength(2);
  });

  it("lists the same first names to every arrival while the list is full", () => {
    const presence = roomOf(3);
    const first = presence.users(2);
    expect(first).toEqual(["u0", "u1"]);
    presence.add("c3", "u3");
    expect(presence.users(2)).toBe(first);
    presence.add("c0b", "u0");
    presence.remove("c0", "u0");
    expect(presence.users(2)).toBe(first);
    presence.remove("c0b", "u0");
    expect(presence.users(2)).toEqual(["u1", "u2"]);
    // A list that was not full takes in whoever arrives next.
    const all = roomOf(1);
    expect(all.users(2)).toEqual(["u0"]);
    all.add("c1", "u1");
    expect(all.users(2)).toEqual(["u0", "u1"]);
  });
});
