// Issue 9, finding 10: nothing limited connections per user or per room, so one client could
// open sockets as `bob` (or into one room) until the room ran out of memory. Now a room takes at
// most MAX_CONNECTIONS_PER_ROOM sockets and MAX_CONNECTIONS_PER_USER per user: beyond them the
// upgrade gets 429 JSON before it is accepted, and a seed 002 socket that names its user only
// after connecting (`join`) gets an error frame and a 1008 close.
import { describe, expect, it } from "vitest";
import { upgradeRefusal } from "../support/http.js";
import { useParlor } from "../support/server.js";
import { eventually } from "../support/wait.js";

const suite = useParlor({
  vars: { MAX_CONNECTIONS_PER_ROOM: "5", MAX_CONNECTIONS_PER_USER: "2" },
});
const url = (path: string) => `${suite.server.ws}${path}`;
const USER_FULL = "too many connections for this user in this room";

describe("connection limits per user and per room (finding 10)", () => {
  it("a third socket as bob gets 429 before the upgrade, in the Parlor and seed 003 dialects", async () => {
    const first = await suite.open("/ws?room=peruser&name=bob");
    await first.nextOfType("welcome");
    await suite.open("/rooms/peruser?userId=bob");
    for (const path of ["/ws?room=peruser&name=bob", "/rooms/peruser?userId=bob"]) {
      const refused = await upgradeRefusal(url(path));
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ error: USER_FULL, limit: 2 });
    }
    // Others are not affected, and bob gets his place back when one of his sockets closes.
    (await suite.open("/ws?room=peruser&name=alice")).close();
    first.close();
    await eventually("bob has room again", async () => {
      const again = await suite.open("/ws?room=peruser&name=bob");
      return (await again.nextOfType("welcome")).name === "bob";
    });
  });

  it("a seed 002 socket that joins as a user already at the limit gets an error, then 1008", async () => {
    for (let i = 0; i < 2; i++) {
      const socket = await suite.open("/api/chat?room=latejoin");
      socket.send({ type: "join", userId: "carol" });
      expect(await socket.nextOfType("user_joined")).toMatchObject({ userId: "carol" });
    }
    const third = await suite.open("/api/chat?room=latejoin");
    third.send({ type: "join", userId: "carol" });
    expect(await third.nextOfType("error")).toMatchObject({ message: USER_FULL });
    expect(await third.waitClose()).toEqual({
      code: 1008,
      reason: "Too many connections for this user",
    });
  });

  it("a room beyond MAX_CONNECTIONS_PER_ROOM answers 429, chat rooms and seed 001 hubs alike", async () => {
    for (let i = 0; i < 5; i++) {
      const socket = await suite.open(`/ws?room=fullroom&name=u${i}`);
      await socket.nextOfType("welcome");
      const hub = await suite.open("/ws?id=fullhub");
      await hub.nextOfType("connected");
    }
    for (const path of [
      "/ws?room=fullroom&name=late",
      "/api/chat?room=fullroom",
      "/ws?id=fullhub",
    ]) {
      const refused = await upgradeRefusal(url(path));
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ error: "room is full", limit: 5 });
    }
  });

  it("seed 003's anonymous sockets share a name, not a per-user limit", async () => {
    for (let i = 0; i < 4; i++) {
      const socket = await suite.open("/rooms/anon");
      socket.send({ type: "ping" });
      expect((await socket.nextOfType("pong")).type).toBe("pong");
    }
  });
});
