// Every frame the server sends, in every protocol, matches that protocol's server schema in
// src/protocol/ (the schemas the AsyncAPI document and the SDK are built from). Each protocol is
// driven through the examples its docs show, then every frame received is parsed; the test also
// fails when a frame type of the schema was never seen, so a new frame gets driven here too.
import { describe, expect, it } from "vitest";
import { ApiServerFrame } from "../../src/protocol/chat-api.js";
import { ContainerServerFrame } from "../../src/protocol/containers.js";
import { ParlorServerFrame } from "../../src/protocol/parlor.js";
import { RoomsServerFrame } from "../../src/protocol/rooms.js";
import { HubServerFrame } from "../../src/protocol/websocket-hub.js";
import type * as z from "../../src/protocol/zod.js";
import { api, createRoom } from "../support/rooms-api.js";
import { useParlor } from "../support/server.js";
import { TestSocket } from "../support/ws.js";

const HUB_SECRET = "frame-schemas-hub-secret";
const suite = useParlor({
  vars: { CONTAINER_PING_INTERVAL_MS: "300", CONTAINER_HUB_SECRET: HUB_SECRET },
});

/** Only this deployment's containers may join the hub: they present its secret. */
async function openHub(): Promise<TestSocket> {
  const socket = await TestSocket.open(`${suite.server.ws}/connectws`, {
    headers: { Authorization: `Bearer ${HUB_SECRET}` },
  });
  suite.sockets.push(socket);
  return socket;
}

/** Opens a socket and waits for the room's greeting. */
async function greeted(path: string, greeting: string): Promise<TestSocket> {
  const socket = await suite.open(path);
  await socket.nextOfType(greeting);
  return socket;
}

/** Sends `frame` from one socket and waits for a frame of `type` at another (or the same). */
async function step(from: TestSocket, frame: unknown, to: TestSocket, type: string) {
  from.send(frame);
  return to.nextOfType(type);
}

/** The owner removes message `seq`, then deletes the room: `deleted` and `room_deleted` frames. */
async function removeThenDelete(room: string, ownerKey: string, seq: number): Promise<void> {
  const http = suite.server.http;
  expect(
    (await api(http, "DELETE", `/api/rooms/${room}/messages/${seq}`, { ownerKey })).status,
  ).toBe(204);
  expect((await api(http, "DELETE", `/api/rooms/${room}`, { ownerKey })).status).toBe(204);
}

/** Parses every frame the sockets received; returns the frame types seen. */
function expectAllMatch(schema: z.ZodMiniType, sockets: TestSocket[]): Set<string> {
  const seen = new Set<string>();
  for (const socket of sockets) {
    for (const frame of socket.received) {
      const result = schema.safeParse(frame);
      expect(result.error?.issues ?? [], JSON.stringify(frame)).toEqual([]);
      seen.add(String(frame.type));
    }
  }
  return seen;
}

/**
 * Every frame matches `schema`, and every frame type of it was seen, but those in `maybe` (which
 * this test cannot be sure to cause; if they came, they matched too).
 */
function expectCovered(
  schema: z.ZodMiniDiscriminatedUnion,
  sockets: TestSocket[],
  maybe: string[] = [],
): void {
  const seen = [...expectAllMatch(schema, sockets)].filter((t) => !maybe.includes(t));
  const types = [...new Set(typesOf(schema))].filter((t) => !maybe.includes(t));
  expect(seen.sort()).toEqual(types.sort());
}

/** The `type` literals of a schema's options (a union of objects with a literal `type`). */
function typesOf(schema: z.ZodMiniDiscriminatedUnion): string[] {
  return schema.def.options.map((o) =>
    String((o as z.ZodMiniObject).shape.type?._zod.values?.values().next().value),
  );
}

describe("every server frame matches its protocol's schema", () => {
  it("Parlor (/ws?room=R&name=N)", async () => {
    const { ownerKey } = await createRoom(suite.server.http, { name: "schema-p" });
    const alice = await greeted("/ws?room=schema-p&name=alice", "welcome");
    const bob = await greeted("/ws?room=schema-p&name=bob", "welcome");
    await alice.nextOfType("join");
    await step(alice, { type: "message", message: "hello", clientId: "c-1" }, alice, "ack");
    await step(alice, { message: "seed 004's untyped ChatMessage" }, bob, "message");
    await step(
      alice,
      { type: "direct", to: "bob", message: "psst", clientId: "c-2" },
      bob,
      "direct",
    );
    await step(alice, { type: "typing", typing: true }, bob, "typing");
    await step(alice, { type: "history", limit: 2, clientId: "h-1" }, alice, "history");
    await step(alice, { type: "ping" }, alice, "pong");
    await step(alice, { type: "message", message: "" }, alice, "error");
    const back = await suite.open("/ws?room=schema-p&name=carol&since=1&epoch=stale");
    expect(await back.nextOfType("welcome")).toMatchObject({ resume: "reload" });
    bob.close();
    await alice.next((f) => f.type === "leave" && f.name === "bob");
    await step(alice, { type: "search", query: "hello" }, alice, "search");
    await removeThenDelete("schema-p", ownerKey, 1);
    await alice.nextOfType("deleted");
    await alice.nextOfType("room_deleted");
    // `presence` replaces join/leave only above 100 users (test/workers/chat-room.test.ts);
    // `batch` needs joins close together (test/e2e/presence-batch.test.ts makes sure of one).
    expectCovered(ParlorServerFrame, [alice, bob, back], ["presence", "batch"]);
  });

  it("chat API (/api/chat)", async () => {
    const { ownerKey } = await createRoom(suite.server.http, { name: "schema-a" });
    const alice = await suite.open("/api/chat?room=schema-a");
    const bob = await suite.open("/api/chat?room=schema-a");
    await step(alice, { type: "join", userId: "alice" }, alice, "user_joined");
    bob.send({ type: "join", userId: "bob" });
    await alice.next((f) => f.type === "user_joined" && f.userId === "bob");
    await step(alice, { type: "message", text: "Hello everyone!" }, bob, "message");
    await step(alice, { type: "ping" }, alice, "pong");
    await step(alice, { type: "message" }, alice, "error");
    bob.close();
    await alice.nextOfType("user_left");
    await removeThenDelete("schema-a", ownerKey, 1);
    await alice.nextOfType("message_deleted");
    await alice.nextOfType("room_deleted");
    expectCovered(ApiServerFrame, [alice, bob]);
  });

  it("room per path (/rooms/<room>?userId=U)", async () => {
    const { ownerKey } = await createRoom(suite.server.http, { name: "schema-r" });
    const alice = await suite.open("/rooms/schema-r?userId=alice");
    alice.send({ type: "join", userId: "alice" });
    const bob = await suite.open("/rooms/schema-r?userId=bob");
    await alice.nextOfType("user_joined");
    await step(alice, { type: "chat", message: "hi" }, bob, "chat");
    await step(alice, { type: "typing" }, bob, "typing");
    await step(alice, { type: "broadcast", data: { x: 1 } }, bob, "broadcast");
    await step(alice, { type: "direct", targetUserId: "bob", message: "psst" }, bob, "direct");
    await step(alice, { type: "ping" }, alice, "pong");
    await step(alice, { type: "shout" }, alice, "error");
    bob.close();
    await alice.nextOfType("user_left");
    await removeThenDelete("schema-r", ownerKey, 1);
    await alice.nextOfType("message_deleted");
    await alice.nextOfType("room_deleted");
    // A union with loose options: parse each frame against the union; types seen by name.
    const seen = expectAllMatch(RoomsServerFrame, [alice, bob]);
    expect([...seen].sort()).toEqual(
      [
        ...["broadcast", "chat", "direct", "error", "pong", "typing", "user_joined", "user_left"],
        ...["message_deleted", "room_deleted"],
      ].sort(),
    );
  });

  it("WebSocket hub (/ws?id=I)", async () => {
    const a = await greeted("/ws?id=schema-h", "connected");
    const b = await greeted("/ws?id=schema-h", "connected");
    await a.nextOfType("user_connected");
    await step(a, { type: "ping" }, a, "pong");
    await step(a, { type: "broadcast", data: "hi" }, b, "broadcast");
    await step(a, { type: "get_stats" }, a, "stats");
    await step(a, { type: "anything", n: 1 }, a, "echo");
    await step(a, "not json", a, "error");
    b.close();
    await a.nextOfType("user_disconnected");
    expectCovered(HubServerFrame, [a, b]);
  });

  it("containers hub (/connectws)", async () => {
    const one = await openHub();
    await one.nextOfType("server-welcome");
    await step(
      one,
      { type: "container-connect", containerId: "schema-1", message: "up" },
      one,
      "server-ack",
    );
    const two = await openHub();
    await step(
      two,
      { type: "container-connect", containerId: "schema-2" },
      one,
      "container-joined",
    );
    await step(one, { type: "container-message", message: "hello" }, one, "server-echo");
    await two.next((f) => f.type === "container-message" && f.broadcast === true);
    await one.nextOfType("server-ping");
    one.send({ type: "container-pong" });
    await step(one, { type: "container-nope" }, one, "error");
    expectCovered(ContainerServerFrame, [one, two]);
  });
});
