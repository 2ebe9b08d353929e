// The engine through a fixture room kind (test/workers/fixtures/fixture-room.ts), inside workerd:
// fan-out with tags and exceptions, send-to-user (late identification included), typed state
// that survives in the attachment, and a throwing hook that leaves the room serving.
import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Client, connectTo } from "./helpers.js";

const room = (name: string) => env.FIXTURE_ROOMS.get(env.FIXTURE_ROOMS.idFromName(name));

async function join(name: string, query: string): Promise<Client> {
  const client = await connectTo(room(name), `/?${query}`);
  await client.next("hello");
  return client;
}

/** A round trip through the room: every frame it sent this client before is here now. */
async function barrier(client: Client, id = crypto.randomUUID()): Promise<void> {
  client.send({ type: "marker", id });
  await client.next((f) => f.type === "marker" && f.id === id);
}

describe("engine: fan-out", () => {
  it("broadcast reaches every socket, or every socket but the sender", async () => {
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((u) => join("fan", `user=${u}`)));
    a!.send({ type: "all", text: "one" });
    expect(await a!.next("delivered")).toMatchObject({ delivered: 3 });
    for (const s of [a!, b!, c!]) expect(await s.next("all")).toMatchObject({ text: "one" });
    a!.send({ type: "all", text: "two", exceptMe: true });
    expect(await a!.next("delivered")).toMatchObject({ delivered: 2 });
    for (const s of [b!, c!]) expect(await s.next("all")).toMatchObject({ text: "two" });
    await barrier(a!);
    expect(a!.frames.filter((f) => f.type === "all")).toEqual([]);
  });

  it("broadcast reaches a socket that arrived after the last send, and counts leaves", async () => {
    // The engine keeps its socket lists between sends (socket-index.ts): an arrival renews them.
    const a = await join("churn", "user=a&tag=red");
    const b = await join("churn", "user=b&tag=red");
    a.send({ type: "all", text: "one", tag: "red" });
    expect(await a.next("delivered")).toMatchObject({ delivered: 2 });
    const c = await join("churn", "user=c&tag=red");
    a.send({ type: "all", text: "two", tag: "red" });
    expect(await a.next("delivered")).toMatchObject({ delivered: 3 });
    expect(await c.next("all")).toMatchObject({ text: "two" });
    b.ws.close(1000, "bye");
    await b.waitClose();
    // b is gone once its close reaches the room: poll until a send counts two sockets.
    await expect
      .poll(async () => {
        a.send({ type: "all", text: "three", tag: "red" });
        return (await a.next("delivered")).delivered;
      })
      .toBe(2);
  });

  it("broadcast with a tag reaches only the sockets tagged at connect", async () => {
    const red = await join("tags", "user=r&tag=red");
    const blue = await join("tags", "user=b&tag=blue");
    blue.send({ type: "all", text: "for red", tag: "red" });
    expect(await blue.next("delivered")).toMatchObject({ delivered: 1 });
    expect(await red.next("all")).toMatchObject({ text: "for red" });
    await barrier(blue);
    expect(blue.frames.filter((f) => f.type === "all")).toEqual([]);
  });

  it("sendToUser reaches every socket of that user, identified at connect or later", async () => {
    const tab1 = await join("to-user", "user=alice");
    const late = await join("to-user", "");
    const other = await join("to-user", "user=bob");
    late.send({ type: "identify", user: "alice" });
    expect(await late.next("identified")).toMatchObject({ first: false });
    other.send({ type: "to", user: "alice", text: "hi" });
    expect(await other.next("delivered")).toMatchObject({ delivered: 2 });
    for (const s of [tab1, late]) expect(await s.next("direct")).toMatchObject({ to: "alice" });
    await barrier(other);
    expect(other.frames.filter((f) => f.type === "direct")).toEqual([]);
  });
});

describe("engine: per-socket state", () => {
  it("keeps a kind's typed state in the attachment, per socket", async () => {
    const a = await join("state", "user=a");
    const b = await join("state", "user=b");
    for (let i = 1; i <= 3; i++) {
      a.send({ type: "count" });
      expect(await a.next("count")).toEqual({ type: "count", count: i });
    }
    b.send({ type: "to", user: "a", text: "what is your count?" });
    expect(await a.next("direct")).toMatchObject({ yourCount: 3 });
    b.send({ type: "count" });
    expect(await b.next("count")).toEqual({ type: "count", count: 1 });
  });
});

describe("engine: a throwing hook", () => {
  let errors: string[];
  beforeEach(() => {
    errors = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => {
      errors.push(String(line));
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it("answers the socket with an error frame, logs class and room, and keeps serving", async () => {
    const thrower = await join("throws", "user=t");
    const other = await join("throws", "user=o");
    thrower.send({ type: "throw" });
    expect(await thrower.next("error")).toMatchObject({ code: "internal_error" });
    thrower.send({ type: "throw-later" });
    expect(await thrower.next("error")).toMatchObject({ code: "internal_error" });
    // The room still serves the thrower and everyone else.
    thrower.send({ type: "all", text: "still here" });
    for (const s of [thrower, other])
      expect(await s.next("all")).toMatchObject({ text: "still here" });
    expect(thrower.closed).toBeNull();
    const logged = errors.map((line) => JSON.parse(line) as Record<string, string>);
    expect(logged).toEqual([
      expect.objectContaining({ class: "FixtureRoom", room: "throws", hook: "onFrame" }),
      expect.objectContaining({
        class: "FixtureRoom",
        room: "throws",
        error: expect.stringContaining("TypeError"),
      }),
    ]);
  });

  it("closes the socket with 1011 when even its error frame fails; the others go on", async () => {
    const broken = await join("throws-1011", "user=x&brokenErrors");
    const other = await join("throws-1011", "user=y");
    broken.send({ type: "throw" });
    expect((await broken.waitClose()).code).toBe(1011);
    expect(await other.next("left")).toMatchObject({ user: "x", lastOfUser: true });
    await barrier(other);
  });
});
