// The SDK's side of rooms: RoomsApi (create, join for a ticket, moderation, delete) and
// ParlorClient's ticket option, search, history around a seq, and `deleted` / `roomDeleted`.
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  ParlorClient,
  RoomsApi,
  RoomsApiError,
  type ServerDeleted,
  type ServerRoomDeleted,
  type StateChange,
  type WebSocketConstructor,
} from "../../src/client/index.js";
import { useParlor } from "../support/server.js";

const suite = useParlor();

function waitFor<T>(subscribe: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no event within 10 s")), 10_000);
    subscribe((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe("SDK: rooms", () => {
  it("joins a password room with tickets, searches, jumps, hears removals and the deletion", async () => {
    const rooms = new RoomsApi(suite.server.http);
    const created = await rooms.create({ name: "sdk-1", visibility: "public", password: "sesame" });
    const wrong = await rooms.join("sdk-1", "nope").catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(RoomsApiError);
    expect((wrong as RoomsApiError).status).toBe(403);
    const client = new ParlorClient({
      url: suite.server.http,
      room: "sdk-1",
      name: "sam",
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      ticket: async () => (await rooms.join("sdk-1", "sesame")).ticket,
    });
    const acks = [];
    for (let i = 0; i < 6; i++)
      acks.push(await client.send(`note ${i} ${i === 3 ? "walrus" : ""}`));
    const found = await client.search("walrus");
    expect(found.results.map((r) => r.seq)).toEqual([acks[3]!.seq]);
    expect(found.results[0]?.snippet).toContain("<mark>walrus</mark>");
    const around = await client.historyAround(acks[3]!.seq, 2);
    expect(around.messages.map((m) => m.seq)).toEqual([acks[3]!.seq, acks[4]!.seq]);
    expect(around.hasMore).toBe(true);
    expect(around.hasNewer).toBe(true);

    const deleted = waitFor<ServerDeleted>((r) => client.on("deleted", r));
    await rooms.removeMessage("sdk-1", acks[0]!.seq, created.ownerKey);
    expect((await deleted).seq).toBe(acks[0]!.seq);
    expect(client.messages.map((m) => m.seq)).not.toContain(acks[0]!.seq);

    const roomDeleted = waitFor<ServerRoomDeleted>((r) => client.on("roomDeleted", r));
    const closed = waitFor<StateChange>((r) =>
      client.on("state", (s) => {
        if (s.state === "closed") r(s);
      }),
    );
    await rooms.deleteRoom("sdk-1", created.ownerKey);
    expect(await roomDeleted).toEqual({ type: "room_deleted", room: "sdk-1" });
    expect((await closed).code).toBe(4004);
  });

  it("lists, kicks and bans through RoomsApi", async () => {
    const rooms = new RoomsApi(suite.server.ws);
    const { name, ownerKey } = await rooms.create({ visibility: "public" });
    await rooms.ban(name, "mallory", ownerKey);
    await rooms.unban(name, "mallory", ownerKey);
    await rooms.kick(name, "mallory", ownerKey);
    const refused = await rooms.kick(name, "mallory", "wrong").catch((e: unknown) => e);
    expect((refused as RoomsApiError).status).toBe(403);
    const page = await rooms.list({ limit: 100 });
    expect(page.rooms.map((r) => r.name)).toContain(name);
    expect(await rooms.search(name, "nothing")).toEqual({ results: [], next: null });
  });
});
