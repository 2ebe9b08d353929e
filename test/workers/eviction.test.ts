// Eviction in the middle of a conversation, inside workerd. `abortAllDurableObjects()` resets every
// instance and drops every socket (as a deploy does on Cloudflare) but keeps storage; a fresh
// instance over the same state is what the runtime builds when a hibernated room wakes.
import {
  abortAllDurableObjects,
  env,
  runDurableObjectAlarm,
  runInDurableObject,
} from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ChatRoom } from "../../src/rooms/chat/chat-room.js";
import { forgetConnections } from "../../src/rooms/engine/connection.js";
import { eventually } from "../support/wait.js";
import { barrier, chatRoomStub, connect } from "./helpers.js";

type Frame = Record<string, unknown>;
const names = (frames: Frame[], type: string) =>
  frames.filter((f) => f.type === type).map((f) => f.name);

describe("eviction mid-conversation", () => {
  it("keeps sequence numbers, epoch, identity, resends and rate-limit state", async () => {
    const alice = await connect("/ws?room=evict&name=alice");
    const bob = await connect("/ws?room=evict&name=bob");
    const first = await alice.next("welcome");
    await bob.next("welcome");
    for (const id of ["a1", "a2", "a3"]) {
      alice.send({ type: "message", message: `text ${id}`, clientId: id });
      await alice.next("ack");
    }
    // A sender's rate-limit bucket (tokens, last refill, strikes) must outlive the instance.
    const typist = await connect("/ws?room=evict&name=typist");
    await typist.next("welcome");
    typist.send({ type: "typing" });
    await barrier(typist);
    const buckets = async () =>
      runInDurableObject(chatRoomStub("evict"), (_i, state) =>
        state.storage.sql
          .exec("SELECT key, tokens, updated, strikes FROM rate_buckets WHERE key = 'typist'")
          .toArray(),
      );
    const before = await buckets();
    expect(before).toEqual([
      { key: "typist", tokens: expect.any(Number), updated: expect.any(Number), strikes: 0 },
    ]);
    expect(Number(before[0]!.tokens)).toBeLessThan(200);

    await abortAllDurableObjects();
    expect((await alice.waitClose()).code).toBe(1006);
    expect((await bob.waitClose()).code).toBe(1006);

    // Bob resumes from seq 1: exactly what he missed, same epoch.
    const bob2 = await connect(`/ws?room=evict&name=bob&since=1&epoch=${first.epoch}`);
    const resumed = await bob2.next("welcome");
    expect(resumed).toMatchObject({ resume: "ok", epoch: first.epoch, lastSeq: 3, users: ["bob"] });
    expect((resumed.history as Frame[]).map((m) => m.message)).toEqual(["text a2", "text a3"]);
    const alice2 = await connect(`/ws?room=evict&name=alice&since=3&epoch=${first.epoch}`);
    expect(await alice2.next("welcome")).toMatchObject({ resume: "ok", history: [], count: 2 });
    // A resend after the eviction is recognised (same seq), a new message continues the sequence.
    alice2.send({ type: "message", message: "text a3", clientId: "a3" });
    expect(await alice2.next("ack")).toMatchObject({ clientId: "a3", seq: 3, duplicate: true });
    alice2.send({ type: "message", message: "after", clientId: "a4" });
    expect(await alice2.next("ack")).toMatchObject({ seq: 4 });
    expect(await bob2.next("message")).toMatchObject({ name: "alice", seq: 4, message: "after" });
    // Bob heard alice come back exactly once (before her message), and nobody leave.
    expect(names(bob2.frames, "join")).toEqual(["alice"]);
    expect(names(bob2.frames, "leave")).toEqual([]);
    expect(await buckets()).toEqual(before);
  });

  it("announces a leave once even when the close arrives after the object woke up", async () => {
    const watcher = await connect("/ws?room=once&name=watcher");
    const alice = await connect("/ws?room=once&name=alice");
    await watcher.next("welcome");
    await alice.next("welcome");
    await watcher.next("join");
    await runInDurableObject(chatRoomStub("once"), async (instance, state) => {
      const socket = state
        .getWebSockets()
        .find((ws) => (ws.deserializeAttachment() as { user?: string }).user === "alice")!;
      // The first notice (an error, or the room's own close of a silent socket)...
      await (instance as unknown as ChatRoom).webSocketError(socket);
      // Handled in the room's next turn, in line after the socket's frames (frame-lane.ts).
      await new Promise((resolve) => setTimeout(resolve, 10));
      // ...then the object is evicted and woken, and the close of the same socket arrives.
      // A woken object knows its sockets only from their attachments.
      forgetConnections(state.getWebSockets());
      const woken = new ChatRoom(state, env);
      expect((woken as unknown as { presence: { users(): string[] } }).presence.users()).toEqual([
        "watcher",
      ]);
      await woken.webSocketClose(socket, 1006, "");
    });
    expect(await watcher.next("leave")).toMatchObject({ name: "alice" });
    // A lone join or leave waits 50 ms for company: give a second one time to show up.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await barrier(watcher);
    expect(names(watcher.frames, "leave")).toEqual([]);
  });
});

describe("hibernation", () => {
  it("an empty room keeps no alarm: nothing wakes it once everyone has left", async () => {
    const alice = await connect("/ws?room=sleep&name=alice");
    await alice.next("welcome");
    const stub = chatRoomStub("sleep");
    // The welcome is sent before the connect finishes scheduling the sweep: wait for it (bounded).
    await eventually("the idle sweep's alarm", () =>
      runInDurableObject(stub, (_i, state) => state.storage.getAlarm()),
    );
    alice.ws.close(1000);
    await alice.waitClose();
    await runInDurableObject(stub, async (_i, state) => {
      // The runtime forgets a socket once its close completes (bounded wait).
      for (let i = 0; i < 100 && state.getWebSockets().length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(state.getWebSockets()).toHaveLength(0);
    });
    // The sweep finds no socket, and after it nothing is scheduled again.
    await eventually(
      "no alarm once the directory has its last report",
      async () => {
        await runDurableObjectAlarm(stub);
        return (await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())) === null;
      },
      10_000,
      250,
    );
  });
});
