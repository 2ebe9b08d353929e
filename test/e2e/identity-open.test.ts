// Open mode, attacked from outside (issue 9, findings 3 and 4): names are free here (that is
// documented), but a socket still cannot reset its rate limit by switching identity, cannot
// fan out a second join, and a flood under someone's name closes the flooder, not them.
import { describe, expect, it } from "vitest";
import { burstSurvives } from "../support/bursts.js";
import { useParlor } from "../support/server.js";
import type { Frame, TestSocket } from "../support/ws.js";

// A small bucket (50 at once, 10 a second), so a flood is refused and closed however slowly a
// loaded machine works through it.
const suite = useParlor({ vars: { RATE_LIMIT_PER_SECOND: "10", RATE_LIMIT_BURST: "50" } });
const { open } = suite;

async function watch(room: string): Promise<TestSocket> {
  const watcher = await open(`/ws?room=${room}&name=watcher`);
  await watcher.nextOfType("welcome");
  return watcher;
}

/** A flood past the burst ends in a 1008 close; every frame the socket got, once it has. */
async function floodEnds(socket: TestSocket): Promise<Frame[]> {
  expect((await socket.waitClose(20_000)).code).toBe(1008);
  return socket.received;
}

describe("finding 4: switching identity mid-socket", () => {
  it("seed 002: 400 messages with joins as other users in between meet refusals, and one join is announced", async () => {
    const watcher = await watch("switch-api");
    const api = await open("/api/chat?room=switch-api");
    api.send({ type: "join", userId: "u0" });
    expect(await api.nextOfType("user_joined")).toMatchObject({ userId: "u0" });
    for (let i = 0; i < 400; i++) {
      if (i % 4 === 0) api.send({ type: "join", userId: `u${i + 1}` });
      api.send({ type: "message", text: `m${i}` });
    }
    const frames = await floodEnds(api);
    const errors = frames.filter((f) => f.type === "error").map((f) => String(f.message));
    const mismatches = errors.filter((m) => m.includes("already joined as u0"));
    const limited = errors.filter((m) => m.includes("too many frames"));
    // The switches before the bucket ran dry were refused, and the flood met the socket's own
    // bucket: a switch no longer hands it a fresh one.
    expect(mismatches.length).toBeGreaterThanOrEqual(5);
    expect(limited.length).toBeGreaterThan(0);
    const echoed = frames.filter((f) => f.type === "message");
    expect(echoed.length).toBeLessThan(400);
    expect(echoed.every((f) => f.userId === "u0")).toBe(true);

    // Others heard exactly one join from that socket.
    await watcher.roundTrip();
    const joins = watcher.received.filter((f) => f.type === "join").map((f) => f.name);
    expect(joins).toEqual(["u0"]);
  });

  it("seed 002: a socket that never joined cannot dodge its bucket by naming a new user per message", async () => {
    const api = await open("/api/chat?room=switch-claims");
    for (let i = 0; i < 400; i++) api.send({ type: "message", text: `m${i}`, userId: `v${i}` });
    const frames = await floodEnds(api);
    expect(
      frames.some((f) => f.type === "error" && f.message === "too many frames; slow down"),
    ).toBe(true);
  });

  it("seed 002: joining again as the same user is answered to the joiner only", async () => {
    const watcher = await watch("rejoin-api");
    const api = await open("/api/chat?room=rejoin-api");
    api.send({ type: "join", userId: "same" });
    await api.nextOfType("user_joined");
    api.send({ type: "join", userId: "same" });
    expect(await api.nextOfType("user_joined")).toMatchObject({ userId: "same" });
    expect(await watcher.nextOfType("join")).toMatchObject({ name: "same" });
    // A lone join waits 50 ms for company: a second one would have reached the watcher by now.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await watcher.roundTrip();
    expect(watcher.received.filter((f) => f.type === "join").map((f) => f.name)).toEqual(["same"]);
  });
});

describe("finding 3: a flood under someone's name", () => {
  it("closes the flooding socket; the real carol is refused for a moment at most, never closed", async () => {
    const carol = await open("/ws?room=flood-name&name=carol");
    await carol.nextOfType("welcome");
    const impostor = await open("/ws?room=flood-name&name=carol");
    await impostor.nextOfType("welcome");
    for (let i = 0; i < 1000; i++) {
      impostor.send({ type: "message", message: `fake ${i}`, clientId: `fake-${i}` });
    }
    expect((await impostor.waitClose(15_000)).code).toBe(1008);
    // Right after, carol sends a burst: refused while the name's bucket refills, not closed
    // (before the fix, the shared bucket's strikes closed her with 1008).
    await burstSurvives(carol);
  });
});
