// The rooms REST API end to end: create, directory, delete, password tickets in every dialect,
// moderation (remove, kick, ban across dialects and reconnects) and search.
import { describe, expect, it } from "vitest";
import { closeFrameReceived } from "../support/frames.js";
import { api, createRoom, ticketFor } from "../support/rooms-api.js";
import { useParlor } from "../support/server.js";
import type { TestSocket } from "../support/ws.js";

const suite = useParlor();
const http = () => suite.server.http;

/** Resolves with the HTTP status an upgrade was refused with (or 101 if it was accepted). */
async function upgradeStatus(path: string): Promise<number> {
  try {
    const socket = await suite.open(path);
    socket.close();
    return 101;
  } catch (error) {
    const match = /unexpected response (\d+)/.exec(String(error));
    if (!match) throw error;
    return Number(match[1]);
  }
}

/**
 * The close code the server sent. workerd under `npm start` may end TCP seconds after the
 * closing handshake and \`ws\` fires 'close' only then, so read the code as soon as the close
 * frame is in (ws keeps it in _closeCode).
 */
async function closeCode(socket: TestSocket): Promise<number> {
  await closeFrameReceived(socket);
  return socket.closed?.code ?? (socket.raw as unknown as { _closeCode: number })._closeCode;
}

/** The texts a Parlor socket's search finds. */
async function searchFor(socket: TestSocket, query: string): Promise<string[]> {
  const clientId = `q-${Math.random()}`;
  socket.send({ type: "search", query, clientId });
  const found = await socket.next((f) => f.type === "search" && f.clientId === clientId);
  return (found.results as { message: string }[]).map((r) => r.message);
}

async function say(socket: TestSocket, message: string): Promise<number> {
  const clientId = `c-${Math.random()}`;
  socket.send({ type: "message", message, clientId });
  const ack = await socket.next((f) => f.type === "ack" && f.clientId === clientId);
  return ack.seq as number;
}

describe("POST /api/rooms", () => {
  it("creates a room (201 with an owner key), then 409 for the same name", async () => {
    const created = await api(http(), "POST", "/api/rooms", {
      body: { name: "made-1", visibility: "public" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "made-1",
      visibility: "public",
      hasPassword: false,
    });
    expect(String(created.body.ownerKey).length).toBeGreaterThan(30);
    const again = await api(http(), "POST", "/api/rooms", {
      body: { name: "made-1", visibility: "private" },
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/exists/);
  });

  it("gives a random name when none is given", async () => {
    const a = await createRoom(http(), { visibility: "private" });
    const b = await createRoom(http(), { visibility: "private" });
    expect(a.name).toMatch(/^room-[0-9a-f]+$/);
    expect(a.name).not.toBe(b.name);
  });

  it("409 for a room already in use, though never created", async () => {
    const alice = await suite.open("/ws?room=used-1&name=alice");
    await alice.nextOfType("welcome");
    const answer = await api(http(), "POST", "/api/rooms", {
      body: { name: "used-1", visibility: "public" },
    });
    expect(answer.status).toBe(409);
  });

  it("400 with a JSON error on bad input", async () => {
    for (const body of [
      { visibility: "secret" },
      { name: "bad name!", visibility: "public" },
      { visibility: "public", password: "x" },
      {},
      "not json",
    ]) {
      const answer = await api(http(), "POST", "/api/rooms", { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(typeof answer.body.error).toBe("string");
    }
  });
});

describe("GET /api/rooms", () => {
  it("answers an address under /api/rooms that no route serves with a JSON 404", async () => {
    // The REST API loads on its first request (src/worker/index.ts); what it does not route is
    // answered like every other unknown address, not with a bare text 404.
    for (const [method, path] of [
      ["GET", "/api/rooms/no-such/thing"],
      ["PUT", "/api/rooms"],
    ] as const) {
      const answer = await api(http(), method, path);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body).toEqual({ error: "not found", path, see: "/" });
    }
  });

  it("lists public rooms busiest first, never private ones, paged", async () => {
    const quiet = await createRoom(http(), { name: "dir-quiet" });
    await createRoom(http(), { name: "dir-busy", password: "sesame" });
    await createRoom(http(), { name: "dir-hidden", visibility: "private" });
    const ticket = await ticketFor(http(), "dir-busy", "sesame");
    const ann = await suite.open(`/ws?room=dir-busy&name=ann&ticket=${ticket}`);
    await ann.nextOfType("welcome");
    type Page = {
      rooms: { name: string; online: number; hasPassword: boolean }[];
      next: number | null;
    };
    let page: Page | undefined;
    // The room reports within a few seconds.
    for (let i = 0; i < 100; i++) {
      page = (await api<Page>(http(), "GET", "/api/rooms?limit=100")).body;
      if (page.rooms.find((r) => r.name === "dir-busy")?.online === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const names = page!.rooms.map((r) => r.name);
    expect(names).toContain(quiet.name);
    expect(names).not.toContain("dir-hidden");
    expect(names.indexOf("dir-busy")).toBeLessThan(names.indexOf("dir-quiet"));
    expect(page!.rooms.find((r) => r.name === "dir-busy")).toMatchObject({
      online: 1,
      hasPassword: true,
    });
    expect(page!.rooms[0]).toHaveProperty("lastActivity");
    const first = await api<Page>(http(), "GET", "/api/rooms?limit=1");
    expect(first.status).toBe(200);
    expect(first.body.rooms).toHaveLength(1);
    expect(first.body.next).toBe(1);
    const second = await api<Page>(http(), "GET", "/api/rooms?limit=1&offset=1");
    expect(second.body.rooms[0]?.name).not.toBe(first.body.rooms[0]?.name);
    expect((await api(http(), "GET", "/api/rooms?limit=0")).status).toBe(400);
  });
});

describe("password rooms", () => {
  it("a ticket admits once, in every dialect; no ticket 401, a bad or used one 403", async () => {
    await createRoom(http(), { name: "pw-1", password: "sesame" });
    const wrong = await api(http(), "POST", "/api/rooms/pw-1/join", { body: { password: "nope" } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toBe("wrong password");
    const doors = ["/ws?room=pw-1&name=amy", "/api/chat?room=pw-1", "/rooms/pw-1?userId=amy"];
    for (const door of doors) {
      expect(await upgradeStatus(door), door).toBe(401);
      expect(await upgradeStatus(`${door}&ticket=forged`), door).toBe(403);
      const ticket = await ticketFor(http(), "pw-1", "sesame");
      expect(await upgradeStatus(`${door}&ticket=${ticket}`), door).toBe(101);
      expect(await upgradeStatus(`${door}&ticket=${ticket}`), `${door} reused`).toBe(403);
    }
  });

  it("GET /api/rooms/<name> says whether joining needs a password, for any name", async () => {
    await createRoom(http(), { name: "pw-info", visibility: "private", password: "sesame" });
    const guarded = await api(http(), "GET", "/api/rooms/pw-info");
    expect(guarded.status).toBe(200);
    expect(guarded.body).toEqual({ name: "pw-info", hasPassword: true });
    const never = await api(http(), "GET", "/api/rooms/never-made-info");
    expect(never.body).toEqual({ name: "never-made-info", hasPassword: false });
    expect((await api(http(), "GET", "/api/rooms/bad%20name")).status).toBe(400);
  });

  it("wrong guesses are slowed down, then refused with 429", async () => {
    await createRoom(http(), { name: "pw-throttle", password: "sesame" });
    const guess = async () => {
      const started = Date.now();
      const answer = await api(http(), "POST", "/api/rooms/pw-throttle/join", {
        body: { password: "guess" },
      });
      return { ...answer, ms: Date.now() - started };
    };
    for (let i = 0; i < 3; i++) expect((await guess()).status).toBe(403);
    const slowed = await guess();
    expect(slowed.status).toBe(403);
    expect(slowed.ms).toBeGreaterThanOrEqual(1000);
    const slower = await guess();
    expect(slower.status).toBe(403);
    expect(slower.ms).toBeGreaterThanOrEqual(2000);
    const refused = await guess();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.body.retryAfterSeconds).toBeGreaterThan(0);
    // Even the right password waits out the lockout.
    const right = await api(http(), "POST", "/api/rooms/pw-throttle/join", {
      body: { password: "sesame" },
    });
    expect(right.status).toBe(429);
  });

  it("search in a password room needs a ticket", async () => {
    await createRoom(http(), { name: "pw-search", password: "sesame" });
    expect((await api(http(), "GET", "/api/rooms/pw-search/search?q=hi")).status).toBe(401);
    expect((await api(http(), "GET", "/api/rooms/pw-search/search?q=hi&ticket=x")).status).toBe(
      403,
    );
    const ticket = await ticketFor(http(), "pw-search", "sesame");
    const ok = await api(http(), "GET", `/api/rooms/pw-search/search?q=hi&ticket=${ticket}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ results: [], next: null });
  });
});

describe("DELETE /api/rooms/<name>", () => {
  it("401 without the key, 403 with a wrong one, 404 for a room never created", async () => {
    const { ownerKey } = await createRoom(http(), { name: "del-auth" });
    expect((await api(http(), "DELETE", "/api/rooms/del-auth")).status).toBe(401);
    const wrong = await api(http(), "DELETE", "/api/rooms/del-auth", { ownerKey: "nope" });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toBe("wrong owner key");
    const never = await api(http(), "DELETE", "/api/rooms/never-made", { ownerKey });
    expect(never.status).toBe(404);
  });

  it("204: every socket in every dialect gets a last frame and close 4004; history and search are erased", async () => {
    const { ownerKey } = await createRoom(http(), { name: "del-1" });
    const parlor = await suite.open("/ws?room=del-1&name=pat");
    await parlor.nextOfType("welcome");
    const api2 = await suite.open("/api/chat?room=del-1");
    api2.send({ type: "join", userId: "quinn" });
    await api2.nextOfType("user_joined");
    const path = await suite.open("/rooms/del-1?userId=rae");
    await say(parlor, "soon gone");
    await path.nextOfType("chat");
    expect(await searchFor(parlor, "soon")).toEqual(["soon gone"]);
    const answer = await api(http(), "DELETE", "/api/rooms/del-1", { ownerKey });
    expect(answer.status).toBe(204);
    for (const s of [parlor, api2, path]) {
      expect(await s.nextOfType("room_deleted")).toEqual({ type: "room_deleted", room: "del-1" });
      expect(await closeCode(s)).toBe(4004);
    }
    const again = await suite.open("/ws?room=del-1&name=pat");
    const welcome = await again.nextOfType("welcome");
    expect(welcome.history).toEqual([]);
    // Numbering starts again at 1: the new first message is found, the old one is not.
    await say(again, "soon back");
    expect(await searchFor(again, "soon")).toEqual(["soon back"]);
    again.close();
    // The name is free again, and the old owner key is worthless.
    expect((await api(http(), "DELETE", "/api/rooms/del-1", { ownerKey })).status).toBe(404);
  });
});

describe("moderation", () => {
  it("removing a message: gone from history, resume and search; every dialect hears of it", async () => {
    const { ownerKey } = await createRoom(http(), { name: "mod-rm" });
    const pat = await suite.open("/ws?room=mod-rm&name=pat");
    const welcome = await pat.nextOfType("welcome");
    const chat = await suite.open("/api/chat?room=mod-rm");
    chat.send({ type: "join", userId: "quinn" });
    await chat.nextOfType("user_joined");
    const path = await suite.open("/rooms/mod-rm?userId=rae");
    const keep = await say(pat, "keep this zebra");
    const drop = await say(pat, "remove this zebra");
    await path.next((f) => f.type === "chat" && f.message === "remove this zebra");
    const unknown = await api(http(), "DELETE", `/api/rooms/mod-rm/messages/9999`, { ownerKey });
    expect(unknown.status).toBe(404);
    expect((await api(http(), "DELETE", `/api/rooms/mod-rm/messages/${drop}`)).status).toBe(401);
    const bad = await api(http(), "DELETE", `/api/rooms/mod-rm/messages/${drop}`, {
      ownerKey: "x",
    });
    expect(bad.status).toBe(403);
    const ok = await api(http(), "DELETE", `/api/rooms/mod-rm/messages/${drop}`, { ownerKey });
    expect(ok.status).toBe(204);
    expect(await pat.nextOfType("deleted")).toEqual({ type: "deleted", seq: drop });
    expect(await chat.nextOfType("message_deleted")).toMatchObject({ seq: drop, userId: "pat" });
    expect(await path.nextOfType("message_deleted")).toMatchObject({ seq: drop, from: "pat" });
    // History.
    pat.send({ type: "history", limit: 50, clientId: "h" });
    const history = await pat.nextOfType("history");
    expect((history.messages as { seq: number }[]).map((m) => m.seq)).toEqual([keep]);
    // Resume from before both messages.
    const resumed = await suite.open(
      `/ws?room=mod-rm&name=pat&since=${welcome.lastSeq}&epoch=${welcome.epoch}`,
    );
    const back = await resumed.nextOfType("welcome");
    expect(back.resume).toBe("ok");
    expect((back.history as { seq: number }[]).map((m) => m.seq)).toEqual([keep]);
    // Search.
    const found = await api<{ results: { seq: number }[] }>(
      http(),
      "GET",
      "/api/rooms/mod-rm/search?q=zebra",
    );
    expect(found.body.results.map((r) => r.seq)).toEqual([keep]);
  });

  it("kick disconnects the user's sockets with 4001; they may come back", async () => {
    const { ownerKey } = await createRoom(http(), { name: "mod-kick" });
    const a = await suite.open("/ws?room=mod-kick&name=kim");
    const b = await suite.open("/rooms/mod-kick?userId=kim");
    await a.nextOfType("welcome");
    expect(
      (await api(http(), "POST", "/api/rooms/mod-kick/kick", { body: { name: "kim" } })).status,
    ).toBe(401);
    const wrong = await api(http(), "POST", "/api/rooms/mod-kick/kick", {
      body: { name: "kim" },
      ownerKey: "x",
    });
    expect(wrong.status).toBe(403);
    const kicked = await api(http(), "POST", "/api/rooms/mod-kick/kick", {
      body: { name: "kim" },
      ownerKey,
    });
    expect(kicked.status).toBe(204);
    expect(await closeCode(a)).toBe(4001);
    expect(await closeCode(b)).toBe(4001);
    expect(await upgradeStatus("/ws?room=mod-kick&name=kim")).toBe(101);
  });

  it("a ban holds across reconnects and dialects until lifted", async () => {
    const { ownerKey } = await createRoom(http(), { name: "mod-ban" });
    const a = await suite.open("/ws?room=mod-ban&name=bo");
    await a.nextOfType("welcome");
    const chat = await suite.open("/api/chat?room=mod-ban");
    chat.send({ type: "join", userId: "bo" });
    await chat.nextOfType("user_joined");
    const noKey = await api(http(), "POST", "/api/rooms/mod-ban/bans", { body: { name: "bo" } });
    expect(noKey.status).toBe(401);
    const wrongKey = await api(http(), "POST", "/api/rooms/mod-ban/bans", {
      body: { name: "bo" },
      ownerKey: "x",
    });
    expect(wrongKey.status).toBe(403);
    const banned = await api(http(), "POST", "/api/rooms/mod-ban/bans", {
      body: { name: "bo" },
      ownerKey,
    });
    expect(banned.status).toBe(204);
    expect(await closeCode(a)).toBe(4003);
    expect(await closeCode(chat)).toBe(4003);
    expect(await upgradeStatus("/ws?room=mod-ban&name=bo")).toBe(403);
    expect(await upgradeStatus("/rooms/mod-ban?userId=bo")).toBe(403);
    // Seed 002 names itself after connecting: refused then.
    const late = await suite.open("/api/chat?room=mod-ban");
    late.send({ type: "join", userId: "bo" });
    expect(await late.nextOfType("error")).toMatchObject({ message: "banned from this room" });
    expect(await closeCode(late)).toBe(4003);
    const list = await api(http(), "GET", "/api/rooms/mod-ban/bans", { ownerKey });
    expect(list.body).toEqual({ bans: ["bo"] });
    expect((await api(http(), "DELETE", "/api/rooms/mod-ban/bans/bo")).status).toBe(401);
    expect(
      (await api(http(), "DELETE", "/api/rooms/mod-ban/bans/bo", { ownerKey: "x" })).status,
    ).toBe(403);
    expect((await api(http(), "DELETE", "/api/rooms/mod-ban/bans/bo", { ownerKey })).status).toBe(
      204,
    );
    expect((await api(http(), "DELETE", "/api/rooms/mod-ban/bans/bo", { ownerKey })).status).toBe(
      404,
    );
    expect(await upgradeStatus("/ws?room=mod-ban&name=bo")).toBe(101);
  });
});

describe("search", () => {
  it("ranks, pages, highlights, and never leaks a direct message", async () => {
    const amy = await suite.open("/ws?room=find-1&name=amy");
    await amy.nextOfType("welcome");
    await say(amy, "the llama ate lunch");
    await say(amy, "llama llama llama, a llama parade");
    await say(amy, "nothing to see");
    amy.send({ type: "direct", to: "ben", message: "secret llama plans", clientId: "d1" });
    await amy.next((f) => f.type === "ack" && f.clientId === "d1");
    type Page = {
      results: { seq: number; name: string; message: string; snippet: string }[];
      next: number | null;
    };
    const all = await api<Page>(http(), "GET", "/api/rooms/find-1/search?q=llama");
    expect(all.status).toBe(200);
    expect(all.body.results.map((r) => r.message)).toEqual([
      "llama llama llama, a llama parade",
      "the llama ate lunch",
    ]);
    expect(all.body.results[1]).toMatchObject({
      name: "amy",
      snippet: "the <mark>llama</mark> ate lunch",
    });
    const page1 = await api<Page>(http(), "GET", "/api/rooms/find-1/search?q=llama&limit=1");
    expect(page1.body.results).toHaveLength(1);
    expect(page1.body.next).toBe(1);
    const page2 = await api<Page>(
      http(),
      "GET",
      "/api/rooms/find-1/search?q=llama&limit=1&offset=1",
    );
    expect(page2.body.results[0]?.message).toBe("the llama ate lunch");
    expect(page2.body.next).toBeNull();
    // A prefix, and FTS syntax typed by a user is just words.
    const prefix = await api<Page>(http(), "GET", "/api/rooms/find-1/search?q=parad");
    expect(prefix.body.results).toHaveLength(1);
    const syntax = await api<Page>(
      http(),
      "GET",
      `/api/rooms/find-1/search?q=${encodeURIComponent('text:"llama OR (')}`,
    );
    expect(syntax.status).toBe(200);
    expect((await api(http(), "GET", "/api/rooms/find-1/search?q=")).status).toBe(400);
    // Over the socket: a third party never sees the direct message, its parties do.
    const cat = await suite.open("/ws?room=find-1&name=cat");
    await cat.nextOfType("welcome");
    cat.send({ type: "search", query: "secret", clientId: "s1" });
    expect(await cat.nextOfType("search")).toEqual({
      type: "search",
      query: "secret",
      results: [],
      next: null,
      clientId: "s1",
    });
    const ben = await suite.open("/ws?room=find-1&name=ben");
    await ben.nextOfType("welcome");
    ben.send({ type: "search", query: "secret" });
    const benFound = await ben.nextOfType("search");
    expect(benFound.results).toMatchObject([
      { name: "amy", to: "ben", message: "secret llama plans" },
    ]);
    // REST has no identity here: never a direct message.
    const rest = await api<Page>(http(), "GET", "/api/rooms/find-1/search?q=secret");
    expect(rest.body.results).toEqual([]);
  });

  it("history around a seq, to jump to a result", async () => {
    const amy = await suite.open("/ws?room=around-1&name=amy");
    await amy.nextOfType("welcome");
    const seqs: number[] = [];
    for (let i = 0; i < 9; i++) seqs.push(await say(amy, `line ${i}`));
    amy.send({ type: "history", around: seqs[4], limit: 4, clientId: "a" });
    const page = await amy.nextOfType("history");
    expect((page.messages as { seq: number }[]).map((m) => m.seq)).toEqual(seqs.slice(3, 7));
    expect(page).toMatchObject({ hasMore: true, hasNewer: true, clientId: "a" });
  });
});

describe("a deleted room after a restart", () => {
  it("stays erased: no history, no owner, no password", async () => {
    const { ownerKey } = await createRoom(http(), { name: "del-restart", password: "sesame" });
    const ticket = await ticketFor(http(), "del-restart", "sesame");
    const pat = await suite.open(`/ws?room=del-restart&name=pat&ticket=${ticket}`);
    await pat.nextOfType("welcome");
    await say(pat, "before the end");
    expect((await api(http(), "DELETE", "/api/rooms/del-restart", { ownerKey })).status).toBe(204);
    await closeCode(pat);
    await suite.server.restart();
    // No ticket needed any more, and nothing left.
    const back = await suite.open("/ws?room=del-restart&name=pat");
    const welcome = await back.nextOfType("welcome");
    expect(welcome).toMatchObject({ history: [], lastSeq: 0 });
    const found = await api(http(), "GET", "/api/rooms/del-restart/search?q=before");
    expect(found.body).toEqual({ results: [], next: null });
    back.close();
  });
});
