// `parlor-no-handling` (BENCH_DISABLE=handling), the diagnostic `bench/ab.ts` sets beside Parlor
// to price the handling of a message. It must relay every frame as it came, to everyone, the
// sender included, and do nothing else with it (no ack, no storing); otherwise the A/B would
// compare Parlor with a room doing some other amount of work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { BENCH_RATE_LIMITS, DIAGNOSTIC_VARIANTS } from "../../bench/servers/index.js";
import { startParlor, type TestServer } from "../support/server.js";
import { eventually } from "../support/wait.js";

let server: TestServer;
beforeAll(async () => {
  server = await startParlor({ vars: { ...BENCH_RATE_LIMITS, BENCH_DISABLE: "handling" } });
});
afterAll(async () => {
  await server?.stop();
});

/** Joins as `name`; keeps the welcome and every frame after it, as text. */
async function join(name: string) {
  const ws = new WebSocket(`${server.ws}/ws?room=no-handling&name=${name}`);
  const frames: string[] = [];
  let welcome: { type: string; lastSeq: number } | undefined;
  ws.on("message", (data: Buffer) => {
    const text = data.toString();
    if (!welcome) welcome = JSON.parse(text);
    else frames.push(text);
  });
  await eventually(`${name} is welcomed`, () => welcome !== undefined);
  return { ws, frames, welcome: () => welcome! };
}

describe("Parlor with BENCH_DISABLE=handling", () => {
  it("is the variant bench/ab.ts knows as parlor-no-handling", () => {
    expect(DIAGNOSTIC_VARIANTS.map((v) => v.name)).toContain("parlor-no-handling");
  });

  it("relays each text frame as it came to every socket, and stores nothing", async () => {
    const alice = await join("alice");
    const bob = await join("bob");
    await eventually("alice hears bob arrive", () => alice.frames.length > 0);
    alice.frames.length = 0;
    // Frames Parlor itself would refuse (not its protocol) or answer (an ack): relayed as is.
    const sent = [
      JSON.stringify({ type: "message", text: "one", clientId: "c1" }),
      "not json at all",
      JSON.stringify({ type: "message", text: "three" }),
    ];
    for (const frame of sent) alice.ws.send(frame);
    await eventually("both hear every frame", () =>
      [alice, bob].every((m) => m.frames.length >= sent.length),
    );
    expect(alice.frames).toEqual(sent);
    expect(bob.frames).toEqual(sent);

    // Nothing was stored: a newcomer's welcome counts no message.
    const carol = await join("carol");
    expect(carol.welcome()).toMatchObject({ type: "welcome", lastSeq: 0 });
    for (const m of [alice, bob, carol]) m.ws.close();
  });
});
