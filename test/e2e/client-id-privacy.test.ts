// Issue 9, finding 2, from outside: a message's clientId goes only to its sender. Nobody else
// sees it, in any dialect, live or in history (welcome, resume, history pages), so nobody can
// pre-store a sender's next id; and a clientId stored by one user never makes another user's
// message a duplicate.
import { describe, expect, it } from "vitest";
import { useParlor } from "../support/server.js";
import type { Frame, TestSocket } from "../support/ws.js";

const suite = useParlor();
const { open } = suite;

/** Every frame a socket received, as JSON, must not mention `id`. */
function expectNever(socket: TestSocket, id: string): void {
  for (const frame of socket.frames) expect(JSON.stringify(frame)).not.toContain(id);
}

async function parlor(room: string, name: string, query = ""): Promise<[TestSocket, Frame]> {
  const socket = await open(`/ws?room=${room}&name=${name}${query}`);
  return [socket, await socket.nextOfType("welcome")];
}

describe("a clientId is only its sender's", () => {
  it("bob never sees alice's clientId, live or in history, in any dialect", async () => {
    const [alice] = await parlor("priv", "alice");
    const [bob] = await parlor("priv", "bob");
    const api = await open("/api/chat?room=priv");
    api.send({ type: "join", userId: "carol" });
    await api.nextOfType("user_joined");
    const rooms = await open("/rooms/priv?userId=dave");
    await rooms.roundTrip();

    alice.send({ type: "message", message: "hello all", clientId: "alice-secret-1" });
    expect(await alice.nextOfType("ack")).toMatchObject({ clientId: "alice-secret-1" });
    // Alice's own copy keeps its clientId (her other tabs match it to what they sent).
    expect(await alice.nextOfType("message")).toMatchObject({ clientId: "alice-secret-1" });
    const atBob = await bob.nextOfType("message");
    expect(atBob).toMatchObject({ name: "alice", message: "hello all" });
    expect(atBob).not.toHaveProperty("clientId");
    expect(await api.nextOfType("message")).toMatchObject({ userId: "alice", text: "hello all" });
    expect(await rooms.nextOfType("chat")).toMatchObject({ from: "alice", message: "hello all" });

    alice.send({ type: "direct", to: "bob", message: "psst", clientId: "alice-secret-2" });
    expect(await alice.nextOfType("direct")).toMatchObject({ clientId: "alice-secret-2" });
    expect(await bob.nextOfType("direct")).not.toHaveProperty("clientId");

    // History: a page, a fresh welcome, and a resume.
    bob.send({ type: "history", limit: 50, clientId: "h-1" });
    const page = await bob.nextOfType("history");
    expect(page.messages).toHaveLength(2);
    const [later, welcome] = await parlor("priv", "bob");
    expect(welcome.history).toHaveLength(2);
    const [resumed, resume] = await parlor("priv", "bob", `&since=0&epoch=${welcome.epoch}`);
    expect(resume).toMatchObject({ resume: "ok" });
    expect(resume.history).toHaveLength(2);
    for (const socket of [bob, later, resumed, api, rooms]) {
      await socket.roundTrip();
      expectNever(socket, "alice-secret");
    }

    // Alice's own history still carries her ids.
    const [, own] = await parlor("priv", "alice");
    const ids = (own.history as Frame[]).map((m) => m.clientId);
    expect(ids).toEqual(["alice-secret-1", "alice-secret-2"]);
  });

  it("a clientId bob stored first does not make alice's message a duplicate", async () => {
    const [alice] = await parlor("dup", "alice");
    const [bob] = await parlor("dup", "bob");
    bob.send({ type: "message", message: "squatting", clientId: "c-1" });
    expect(await bob.nextOfType("ack")).toMatchObject({ clientId: "c-1", seq: 1 });

    alice.send({ type: "message", message: "the real one", clientId: "c-1" });
    const ack = await alice.nextOfType("ack");
    expect(ack).toMatchObject({ clientId: "c-1", seq: 2 });
    expect(ack).not.toHaveProperty("duplicate");
    expect(await bob.next((f) => f.type === "message" && f.seq === 2)).toMatchObject({
      name: "alice",
      message: "the real one",
    });
    // Each user's own resend is still a duplicate of their own message.
    alice.send({ type: "message", message: "the real one", clientId: "c-1" });
    expect(await alice.next((f) => f.type === "ack" && f.duplicate === true)).toMatchObject({
      seq: 2,
    });
  });
});
