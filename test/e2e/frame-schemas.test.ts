// Every frame the server sends, in every protocol, matches that protocol's server schema in
// src/protocol/ (the schemas the AsyncAPI document and the SDK are built from). Each protocol is
// driven through the examples its docs show, then every frame received is parsed; the test also
// fails when a frame type of the schema was never seen, so a new frame gets driven here too.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ApiServerFrame } from "../../src/protocol/chat-api.js";
import { ContainerServerFrame } from "../../src/protocol/containers.js";
import { ParlorServerFrame } from "../../src/protocol/parlor.js";
import { RoomsServerFrame } from "../../src/protocol/rooms.js";
import { HubServerFrame } from "../../src/protocol/websocket-hub.js";
import { api, createRoom } from "../support/rooms-api.js";
import { useParlor } from "../support/server.js";
import type { TestSocket } from "../support/ws.js";

const suite = useParlor({ vars: { CONTAINER_PING_INTERVAL_MS: "300" } });

/** The owner removes message `seq`, then deletes the room: `deleted` and `room_deleted` frames. */
async function removeThenDelete(room: string, ownerKey: string, seq: number): Promise<void> {
  const http = suite.server.http;
  expect(
    (await api(http, "DELETE", `/api/rooms/${room}/messages/${seq}`, { ownerKey })).status,
  ).toBe(204);
  expect((await api(http, "DELETE", `/api/rooms/${room}`, { ownerKey })).status).toBe(204);
}

/** Parses every frame the sockets received; returns the frame types seen. */
function expectAllMatch(schema: z.ZodType, sockets: TestSocket[]): Set<string> {
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

/** The `type` literals of a schema's options (a union of objects with a literal `type`). */
function typesOf(schema: { options: readonly z.ZodType[] }): string[] {
  return schema.options.map((o) => String((o as z.ZodObject).shape.type.value));
}

describe("every server frame matches its protocol's schema", () => {
  it("Parlor (/ws?room=R&name=N)", async () => {
    const { ownerKey } = await createRoom(suite.server.http, { name: "schema-p" });
    const alice = await suite.open("/ws?room=schema-p&name=alice");
    await alice.nextOfType("welcome");
    const bob = await suite.open("/ws?room=schema-p&name=bob");
    await bob.nextOfType("welcome");
    await alice.nextOfType("join");
    alice.send({ type: "message", message: "hello", clientId: "c-1" });
    await alice.nextOfType("ack");
    alice.send({ message: "seed 004's untyped ChatMessage" });
    await bob.nextOfType("message");
    alice.send({ type: "direct", to: "bob", message: "psst", clientId: "c-2" });
    await bob.nextOfType("direct");
    alice.send({ type: "typing", typing: true });
    await bob.nextOfType("typing");
    alice.send({ type: "history", limit: 2, clientId: "h-1" });
    await alice.nextOfType("history");
    alice.send({ type: "ping" });
    await alice.nextOfType("pong");
    alice.send({ type: "message", message: "" });
    await alice.nextOfType("error");
    const back = await suite.open("/ws?room=schema-p&name=carol&since=1&epoch=stale");
    expect(await back.nextOfType("welcome")).toMatchObject({ resume: "reload" });
    bob.close();
    await alice.next((f) => f.type === "leave" && f.name === "bob");
    alice.send({ type: "search", query: "hello" });
    await alice.nextOfType("search");
    await removeThenDelete("schema-p", ownerKey, 1);
    await alice.nextOfType("deleted");
    await alice.nextOfType("room_deleted");
    const seen = expectAllMatch(ParlorServerFrame, [alice, bob, back]);
    // `presence` replaces join/leave only above 100 users (test/workers/chat-room.test.ts).
    expect([...seen].sort()).toEqual(
      typesOf(ParlorServerFrame)
        .filter((t) => t !== "presence")
        .sort(),
    );
  });

  it("chat API (/api/chat)", async () => {
    const { ownerKey } = await createRoom(suite.server.http, { name: "schema-a" });
    const alice = await suite.open("/api/chat?room=schema-a");
    const bob = await suite.open("/api/chat?room=schema-a");
    alice.send({ type: "join", userId: "alice" });
    await alice.nextOfType("user_joined");
    bob.send({ type: "join", userId: "bob" });
    await alice.next((f) => f.type === "user_joined" && f.userId === "bob");
    alice.send({ type: "message", text: "Hello everyone!" });
    await bob.nextOfType("message");
    alice.send({ type: "ping" });
    await alice.nextOfType("pong");
    alice.send({ type: "message" });
    await alice.nextOfType("error");
    bob.close();
    await alice.nextOfType("user_left");
    await removeThenDelete("schema-a", ownerKey, 1);
    await alice.nextOfType("message_deleted");
    await alice.nextOfType("room_deleted");
    const seen = expectAllMatch(ApiServerFrame, [alice, bob]);
    expect([...seen].sort()).toEqual(typesOf(ApiServerFrame).sort());
  });

  it("room per path (/rooms/<room>?userId=U)", async () => {
    const { ownerKey } = await createRoom(suite.server.http, { name: "schema-r" });
    const alice = await suite.open("/rooms/schema-r?userId=alice");
    alice.send({ type: "join", userId: "alice" });
    const bob = await suite.open("/rooms/schema-r?userId=bob");
    await alice.nextOfType("user_joined");
    alice.send({ type: "chat", message: "hi" });
    await bob.nextOfType("chat");
    alice.send({ type: "typing" });
    await bob.nextOfType("typing");
    alice.send({ type: "broadcast", data: { x: 1 } });
    await bob.nextOfType("broadcast");
    alice.send({ type: "direct", targetUserId: "bob", message: "psst" });
    await bob.nextOfType("direct");
    alice.send({ type: "ping" });
    await alice.nextOfType("pong");
    alice.send({ type: "shout" });
    await alice.nextOfType("error");
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
    const a = await suite.open("/ws?id=schema-h");
    await a.nextOfType("connected");
    const b = await suite.open("/ws?id=schema-h");
    await b.nextOfType("connected");
    await a.nextOfType("user_connected");
    a.send({ type: "ping" });
    await a.nextOfType("pong");
    a.send({ type: "broadcast", data: "hi" });
    await b.nextOfType("broadcast");
    a.send({ type: "get_stats" });
    await a.nextOfType("stats");
    a.send({ type: "anything", n: 1 });
    await a.nextOfType("echo");
    a.send("not json");
    await a.nextOfType("error");
    b.close();
    await a.nextOfType("user_disconnected");
    const seen = expectAllMatch(HubServerFrame, [a, b]);
    expect([...seen].sort()).toEqual(typesOf(HubServerFrame).sort());
  });

  it("containers hub (/connectws)", async () => {
    const one = await suite.open("/connectws");
    await one.nextOfType("server-welcome");
    one.send({ type: "container-connect", containerId: "schema-1", message: "up" });
    await one.nextOfType("server-ack");
    const two = await suite.open("/connectws");
    two.send({ type: "container-connect", containerId: "schema-2" });
    await one.nextOfType("container-joined");
    one.send({ type: "container-message", message: "hello" });
    await one.nextOfType("server-echo");
    await two.next((f) => f.type === "container-message" && f.broadcast === true);
    await one.nextOfType("server-ping");
    one.send({ type: "container-pong" });
    one.send({ type: "container-nope" });
    await one.nextOfType("error");
    const seen = expectAllMatch(ContainerServerFrame, [one, two]);
    expect([...seen].sort()).toEqual([...new Set(typesOf(ContainerServerFrame))].sort());
  });
});
