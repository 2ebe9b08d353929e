// The search index is made on a room's first write, not on its first connect (a fresh room's
// connect no longer pays for FTS5's tables), and never misses a message stored before it.
// Appends are indexed in batches, yet a search finds every message stored, and deletes keep the
// index in step with the log whether or not a batch had reached their rows.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ChatRoom } from "../../src/rooms/chat/chat-room.js";
import { INDEX_BATCH } from "../../src/rooms/chat/search-index.js";
import { type Client, chatRoomStub, connect, type Frame } from "./helpers.js";

/** Rows the index holds (FTS5 keeps one size row per indexed message). */
function indexedRows(room: string): Promise<number> {
  return runInDurableObject(chatRoomStub(room), (_: ChatRoom, state: DurableObjectState) => {
    const row = state.storage.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM messages_fts_docsize")
      .one();
    return row.n;
  });
}

/** FTS5's own check that the index matches the messages table; throws if not. */
function checkIndex(room: string): Promise<void> {
  return runInDurableObject(chatRoomStub(room), (_: ChatRoom, state: DurableObjectState) => {
    state.storage.sql.exec(
      "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)",
    );
  });
}

async function say(socket: Client, message: string, clientId: string): Promise<void> {
  socket.send({ type: "message", message, clientId });
  await socket.next("ack");
}

async function searchFor(socket: Client, query: string): Promise<number[]> {
  socket.send({ type: "search", query, limit: 50, clientId: `q-${query}` });
  const found = await socket.next("search");
  return (found.results as Frame[]).map((r) => r.seq as number).sort((a, b) => a - b);
}

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

  it("indexes appends in batches, and a search first indexes what is not yet in", async () => {
    const alice = await connect("/ws?room=search-batch&name=alice");
    await alice.next("welcome");
    for (let i = 1; i <= 3; i++) await say(alice, `otter ${i}`, `c${i}`);
    expect(await indexedRows("search-batch")).toBe(0);
    expect(await searchFor(alice, "otter")).toEqual([1, 2, 3]);
    expect(await indexedRows("search-batch")).toBe(3);
    for (let i = 4; i <= 3 + INDEX_BATCH; i++) await say(alice, `otter ${i}`, `c${i}`);
    // The batch's last append indexed all of it, with no search.
    expect(await indexedRows("search-batch")).toBe(3 + INDEX_BATCH);
    await checkIndex("search-batch");
  });

  it("deletes unindex only rows the index holds, and it stays in step with the log", async () => {
    const alice = await connect("/ws?room=search-delete&name=alice");
    await alice.next("welcome");
    await say(alice, "heron one", "c1");
    await say(alice, "heron two", "c2");
    expect(await searchFor(alice, "heron")).toEqual([1, 2]);
    await say(alice, "heron three", "c3");
    // One indexed row and one not yet indexed go (as moderation or a retention trim removes them).
    await runInDurableObject(
      chatRoomStub("search-delete"),
      (_: ChatRoom, state: DurableObjectState) => {
        state.storage.sql.exec("DELETE FROM messages WHERE seq IN (1, 3)");
      },
    );
    await checkIndex("search-delete");
    expect(await searchFor(alice, "heron")).toEqual([2]);
    await checkIndex("search-delete");
  });

  it("takes over an index from before batching, whose trigger indexed every append", async () => {
    const alice = await connect("/ws?room=search-older&name=alice");
    await alice.next("welcome");
    await runInDurableObject(
      chatRoomStub("search-older"),
      (_: ChatRoom, state: DurableObjectState) => {
        state.storage.sql.exec(`
          CREATE VIRTUAL TABLE messages_fts USING fts5(
            text, content = 'messages', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
          );
          CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts (rowid, text) VALUES (new.seq, new.text);
          END;
          CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
          END;
        `);
        // Seq 0: this instance already knows its next number is 1.
        state.storage.sql.exec(
          "INSERT INTO messages (seq, ts, kind, sender, text) VALUES (0, ?, 'message', 'bob', 'an old pier')",
          Date.now(),
        );
      },
    );
    await say(alice, "a new pier", "c1");
    const triggers = await runInDurableObject(
      chatRoomStub("search-older"),
      (_: ChatRoom, state: DurableObjectState) =>
        state.storage.sql
          .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger'")
          .toArray()
          .map((t) => t.name),
    );
    expect(triggers).toEqual(["messages_fts_unindex"]);
    expect(await searchFor(alice, "pier")).toEqual([0, 1]);
    await checkIndex("search-older");
  });
});
