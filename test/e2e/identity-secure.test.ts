// Secure mode, attacked from outside (issue 9, findings 2-4, part B): rate buckets per subject
// and per socket, acks de-duplicated per subject, one subject per name in a room, and REST search
// that shows direct messages only to the verified token's name.
import { describe, expect, it } from "vitest";
import { mintToken } from "../../src/auth/token.js";
import { burstSurvives } from "../support/bursts.js";
import { getJson, upgradeRefusal } from "../support/http.js";
import { useParlor } from "../support/server.js";
import { type Frame, sleep, type TestSocket } from "../support/ws.js";

const SECRET = "e2e-identity-secret-0123456789";
// A small bucket (50 at once, 10 a second), so a flood is refused and closed however slowly a
// loaded machine works through it.
const suite = useParlor({
  vars: { AUTH_SECRET: SECRET, RATE_LIMIT_PER_SECOND: "10", RATE_LIMIT_BURST: "50" },
});
const { open } = suite;

const token = (name: string, sub = `user:${name}`) =>
  mintToken(SECRET, { sub, name, ttlSeconds: 600 });

async function joinAs(room: string, name: string, sub?: string): Promise<TestSocket> {
  const socket = await open(`/ws?room=${room}&token=${await token(name, sub)}`);
  await socket.nextOfType("welcome");
  return socket;
}

/** Sends one message and waits for its ack or error (no retry). */
async function attempt(socket: TestSocket, message: string, clientId: string): Promise<Frame> {
  socket.send({ type: "message", message, clientId });
  return socket.next((f) => (f.type === "ack" || f.type === "error") && f.clientId === clientId);
}

/** Sends a message until it is acked, waiting while rate limited; fails on any other answer. */
async function say(socket: TestSocket, message: string, clientId: string): Promise<Frame> {
  for (let tries = 0; tries < 100; tries++) {
    const answer = await attempt(socket, message, clientId);
    if (answer.type === "ack") return answer;
    if (answer.code !== "rate_limited") throw new Error(`refused: ${JSON.stringify(answer)}`);
    await sleep(50);
  }
  throw new Error("still rate limited");
}

function flood(socket: TestSocket, count: number, prefix: string): void {
  for (let i = 0; i < count; i++) {
    socket.send({ type: "message", message: `${prefix} ${i}`, clientId: `${prefix}-${i}` });
  }
}

describe("finding 3: rate limits cannot be turned against a user", () => {
  it("a flooding tab is closed with 1008; the same user's other tab is only slowed, never closed", async () => {
    const calm = await joinAs("rl-tabs", "carol");
    const noisy = await joinAs("rl-tabs", "carol");
    flood(noisy, 1000, "flood");
    expect((await noisy.waitClose(15_000)).code).toBe(1008);
    // The user's shared bucket is empty: the calm tab is refused for a moment, never closed.
    await burstSurvives(calm);
  });

  it("buckets are per subject: an impostor named carol flooding leaves the real carol untouched", async () => {
    const impostor = await joinAs("rl-sub", "carol", "user:mallory");
    flood(impostor, 1000, "fake");
    expect((await impostor.waitClose(15_000)).code).toBe(1008);
    // The real carol (another subject) arrives right after: her first frames are not refused.
    const carol = await joinAs("rl-sub", "carol");
    for (let i = 0; i < 20; i++) {
      expect(await attempt(carol, `real ${i}`, `real-${i}`)).toMatchObject({ type: "ack" });
    }
  });

  it("claiming carol from another socket (seed 002) is refused and costs carol nothing", async () => {
    const carol = await joinAs("rl-claim", "carol");
    const mallory = await open(`/api/chat?room=rl-claim&token=${await token("mallory")}`);
    for (let i = 0; i < 400; i++) mallory.send({ type: "message", text: `x${i}`, userId: "carol" });
    expect(await mallory.nextOfType("error")).toMatchObject({
      message: expect.stringContaining("carol"),
    });
    for (let i = 0; i < 20; i++) {
      expect(await attempt(carol, `mine ${i}`, `mine-${i}`)).toMatchObject({ type: "ack" });
    }
    expect(carol.closed).toBeNull();
  });
});

describe("finding 2: acks de-duplicate per subject", () => {
  it("an impostor who stored alice's next clientId first does not suppress alice's message", async () => {
    // Someone with a token named alice (another subject) comes while alice is away...
    const impostor = await joinAs("acks-sub", "alice", "user:mallory");
    const fake = await say(impostor, "fake", "alice-7");
    expect(fake.duplicate).toBeUndefined();
    impostor.close();
    await impostor.waitClose();

    // ...and alice's real message with the same clientId is stored, not answered as a duplicate.
    const alice = await joinAs("acks-sub", "alice");
    const real = await say(alice, "real", "alice-7");
    expect(real.duplicate).toBeUndefined();
    expect(real.seq).toBe(Number(fake.seq) + 1);
    // Her own resend is still a duplicate of her own message.
    expect(await say(alice, "real", "alice-7")).toMatchObject({ seq: real.seq, duplicate: true });

    const probe = await joinAs("acks-sub", "probe");
    probe.send({ type: "history", limit: 10, clientId: "h" });
    const history = await probe.next((f) => f.type === "history" && f.clientId === "h");
    expect((history.messages as { message: string }[]).map((m) => m.message)).toEqual([
      "fake",
      "real",
    ]);
  });

  it("two subjects with different names may use the same clientId; both are stored", async () => {
    const bob = await joinAs("acks-two", "bob");
    const dan = await joinAs("acks-two", "dan");
    const first = await say(bob, "from bob", "same-id");
    const second = await say(dan, "from dan", "same-id");
    expect(first.duplicate).toBeUndefined();
    expect(second.duplicate).toBeUndefined();
    expect(second.seq).not.toBe(first.seq);
  });
});

describe("one subject per name in a room", () => {
  it("a second subject with the same name is refused with 409 in every dialect while the first is here", async () => {
    const alice = await joinAs("one-name", "alice");
    const other = await token("alice", "app:someone-else");
    for (const path of [
      `/ws?room=one-name&token=${other}`,
      `/api/chat?room=one-name&token=${other}`,
      `/rooms/one-name?token=${other}`,
    ]) {
      const refusal = await upgradeRefusal(`${suite.server.ws}${path}`);
      expect(refusal.status, path).toBe(409);
      expect(refusal.body.error, path).toMatch(/alice.*in use/);
    }
    // The same subject may open more tabs, and the other subject may be alice in another room.
    const secondTab = await joinAs("one-name", "alice");
    await joinAs("one-name-elsewhere", "alice", "app:someone-else");
    // Once the first alice has left, the name is free in this room too.
    for (const tab of [alice, secondTab]) tab.close();
    await Promise.all([alice.waitClose(), secondTab.waitClose()]);
    const taken = await joinAs("one-name", "alice", "app:someone-else");
    expect(taken.closed).toBeNull();
  });
});

describe("REST search uses the verified identity", () => {
  it("direct messages are found by their parties' tokens only; no parameter changes that", async () => {
    const alice = await joinAs("search-id", "alice");
    await joinAs("search-id", "bob");
    alice.send({ type: "direct", to: "bob", message: "secret rendezvous", clientId: "d1" });
    await alice.next((f) => f.type === "ack" && f.clientId === "d1");
    await say(alice, "public rendezvous", "p1");

    const search = async (name: string, extra = "") =>
      getJson(`${suite.server.http}/api/rooms/search-id/search?q=rendezvous${extra}`, {
        headers: { Authorization: `Bearer ${await token(name)}` },
      });
    const texts = (body: Record<string, unknown>) =>
      (body.results as { message: string }[]).map((r) => r.message).sort();

    const asBob = await search("bob");
    expect(asBob.status).toBe(200);
    expect(texts(asBob.body)).toEqual(["public rendezvous", "secret rendezvous"]);
    const asCarol = await search("carol", "&viewer=bob&as=bob&name=bob&userId=bob");
    expect(asCarol.status).toBe(200);
    expect(texts(asCarol.body)).toEqual(["public rendezvous"]);
  });
});
