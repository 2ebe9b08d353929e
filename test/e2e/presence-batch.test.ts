// Many users arriving at once (a reconnect storm): the joins of one turn go out together, one
// Parlor `batch` frame per socket instead of one frame per arrival. What must hold whatever the
// timing: every socket learns of every user exactly once (from its welcome or a join), never
// of itself, and hears a newcomer's join before its first message; seed 002 sockets still get
// one `user_joined` each.
import { expect, it } from "vitest";
import WebSocket from "ws";
import { ParlorClient } from "../../src/client/index.js";
import { ParlorServerFrame } from "../../src/protocol/parlor.js";
import { useParlor } from "../support/server.js";
import { eventually } from "../support/wait.js";
import type { Frame, TestSocket } from "../support/ws.js";

const parlor = useParlor();
const ARRIVALS = 24;

/** Joins and leaves in the order a client applies them: a batch's frames one by one. */
function presenceFrames(frames: Frame[]): Frame[] {
  return frames.flatMap((f) => (f.type === "batch" ? (f.frames as Frame[]) : [f]));
}

/** Who `socket` believes is in the room when `last` arrived; fails on a duplicate or itself. */
function membersSeenBy(socket: TestSocket, self: string, last: (f: Frame) => boolean): Set<string> {
  const upTo = socket.received.slice(0, socket.received.findIndex(last) + 1);
  const welcome = upTo.find((f) => f.type === "welcome")!;
  const members = new Set(welcome.users as string[]);
  for (const f of presenceFrames(upTo)) {
    if (f.type === "join") {
      expect(f.name, `${self} heard its own join`).not.toBe(self);
      expect(members.has(f.name as string), `${self} heard ${f.name} join twice`).toBe(false);
      members.add(f.name as string);
    } else if (f.type === "leave") members.delete(f.name as string);
  }
  return members;
}

async function storm(round: number): Promise<number> {
  const room = `storm-${round}`;
  const watcher = await parlor.open(`/ws?room=${room}&name=watcher`);
  await watcher.nextOfType("welcome");
  const api = await parlor.open(`/api/chat?room=${room}`);
  api.send({ type: "join", userId: "api-watcher" });
  await api.next((f) => f.type === "user_joined" && f.userId === "api-watcher");
  await watcher.next((f) => f.type === "join" && f.name === "api-watcher");

  // The SDK unpacks a batch: one `join` event per arrival, and its welcome's users kept current.
  const sdk = new ParlorClient({ url: parlor.server.http, room, name: "sdk", WebSocket });
  const sdkJoins: string[] = [];
  sdk.on("join", (j) => sdkJoins.push(j.name));
  await new Promise((resolve) => sdk.on("welcome", resolve));

  const names = Array.from({ length: ARRIVALS }, (_, i) => `n${i}`);
  const arrivals = await Promise.all(names.map((n) => parlor.open(`/ws?room=${room}&name=${n}`)));
  await Promise.all(arrivals.map((s) => s.nextOfType("welcome")));
  // The last arrival speaks at once; everyone must know it by then.
  const speaker = arrivals.at(-1)!;
  speaker.send({ type: "message", message: `done ${round}` });
  const isDone = (f: Frame) => f.type === "message" && f.message === `done ${round}`;
  const everyone = ["watcher", "api-watcher", "sdk", ...names];
  for (const [i, socket] of [watcher, ...arrivals].entries()) {
    const self = i === 0 ? "watcher" : names[i - 1]!;
    await socket.next(isDone);
    const members = membersSeenBy(socket, self, isDone);
    expect([...members].sort(), `${self}'s view of the room`).toEqual([...everyone].sort());
  }

  await eventually("the SDK saw the last message", () => sdk.messages.length > 0);
  expect(sdkJoins.sort()).toEqual([...names].sort());
  expect([...sdk.welcome!.users].sort()).toEqual([...everyone].sort());
  sdk.close();

  const joined = names.map((n) => api.next((f) => f.type === "user_joined" && f.userId === n));
  await Promise.all(joined);
  await api.next((f) => f.type === "message" && f.text === `done ${round}`);
  const apiJoins = api.received.filter((f) => f.type === "user_joined").map((f) => f.userId);
  expect(apiJoins.sort()).toEqual(["api-watcher", "sdk", ...names].sort());
  expect(api.received.some((f) => f.type === "batch")).toBe(false);

  const batches = [watcher, ...arrivals].flatMap((s) =>
    s.received.filter((f) => f.type === "batch"),
  );
  for (const batch of batches) expect(ParlorServerFrame.safeParse(batch).success).toBe(true);
  for (const s of [watcher, api, ...arrivals]) s.close();
  return batches.length;
}

it("tells every socket of every arrival once, batching the arrivals of one turn", async () => {
  // Whether arrivals share a turn depends on timing; a few storms make one that does certain.
  let batches = 0;
  for (let round = 0; round < 5 && batches === 0; round++) batches += await storm(round);
  expect(batches).toBeGreaterThan(0);
});

it("tells others of a seed 002 join before the message sent right after it", async () => {
  const watcher = await parlor.open("/ws?room=join-then-say&name=watcher");
  await watcher.nextOfType("welcome");
  // Seed 002: `join` then a message, back to back. The join waits for the end of the turn; the
  // message must not overtake it (the room flushes pending joins before any message).
  const late = await parlor.open("/api/chat?room=join-then-say");
  late.send({ type: "join", userId: "late" });
  late.send({ type: "message", text: "hi, I just came" });
  await watcher.next((f) => f.type === "message" && f.name === "late");
  const order = watcher.received.map((f) => f.type);
  expect(order.indexOf("join")).toBeGreaterThan(-1);
  expect(order.indexOf("join")).toBeLessThan(order.indexOf("message"));
});
