// The search index is made on a room's first write, not on its first connect (a fresh room's
// connect no longer pays for FTS5's tables), and never misses a message stored before it.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ChatRoom } from "../../src/rooms/chat/chat-room.js";
import { chatRoomStub, connect, type Frame } from "./helpers.js";

/** Whether the room's storage has the search index's table. */
function hasIndex(room: string): Promise<boolean> {
  return runInDurableObject(
    chatRoomStub(room),
    (_: ChatRoom, state: DurableObjectState) =>
      state.storage.sql
        .exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages_fts'")
        .toArray().length > 0,
  );
}

describe("search index", () => {
  it("is made on the first message, and finds it", async () => {
    const alice = await connect("/ws?room=search-lazy&name=alice");
    await alice.next("welcome");
    expect(await hasIndex("search-lazy")).toBe(false);
    alice.send({ type: "message", message: "lanterns at dusk", clientId: "c1" });
    await alice.next("ack");
    expect(await hasIndex("search-lazy")).toBe(true);
    alice.send({ type: "search", query: "lantern", clientId: "q1" });
    const found = await alice.next("search");
    expect((found.results as Frame[]).map((r) => r.message)).toEqual(["lanterns at dusk"]);
  });

  it("indexes messages stored before the index existed, on the first search", async () => {
    const alice = await connect("/ws?room=search-old&name=alice");
    await alice.next("welcome");
    // As a room from before search existed left them: rows in the log, no index.
    await runInDurableObject(
      chatRoomStub("search-old"),
      (_: ChatRoom, state: DurableObjectState) => {
        state.storage.sql.exec(
          "INSERT INTO messages (seq, ts, kind, sender, text) VALUES (1, ?, 'message', 'bob', 'an old harbour')",
          Date.now(),
        );
      },
    );
    expect(await hasIndex("search-old")).toBe(false);
    alice.send({ type: "search", query: "harbour", clientId: "q1" });
    const found = await alice.next("search");
    expect((found.results as Frame[]).map((r) => [r.seq, r.name])).toEqual([[1, "bob"]]);
  });
});
