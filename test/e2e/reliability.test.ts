// Reliability, small (`npm run fuzz` and `npm run chaos` are the full runs). One Parlor runs as
// `npm start` does, in its own process group, so workerd's log can be read and the whole group
// killed: no uncaught exception may appear in it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChaos } from "../reliability/chaos/run.js";
import { dialects } from "../reliability/fuzz/dialects.js";
import { FUZZ_ENV, fuzzDialect } from "../reliability/fuzz/harness.js";
import { ParlorProcess } from "../reliability/parlor-process.js";
import { TestSocket } from "../support/ws.js";

const FRAMES = 60;
let parlor: ParlorProcess;

// Building and starting `npm start` took up to ~50 s on the shared 2-core machine.
beforeAll(async () => {
  parlor = await ParlorProcess.start({ env: FUZZ_ENV });
}, 180_000);
afterAll(async () => {
  await parlor?.stop();
});

describe("fuzzing every dialect (fast-check)", () => {
  for (const dialect of dialects) {
    it(`${dialect.name}: generated frames are accepted, refused or closed as the protocol says`, async () => {
      const totals = await fuzzDialect(dialect, { base: parlor.ws, frames: FRAMES });
      expect(totals.failure).toBeNull();
      expect(totals.frames).toBe(FRAMES);
      expect(totals.refused).toBeGreaterThan(0);
      expect(totals.accepted).toBeGreaterThan(0);
      // The size limit ±1 runs first: two of those six frames are over it.
      expect(totals.closed).toBeGreaterThanOrEqual(2);
      expect(totals.bystanderSeen).toBe(totals.expectedSeen);
      if (dialect.chat) expect(totals.storedFound).toBe(totals.storedExpected);
      expect(parlor.crashes()).toEqual([]);
    });
  }
});

// Inside the workerd test pool such a burst can arrive out of order: the pool wraps every Durable
// Object handler in an RPC to its module runner before calling ours, and that RPC is I/O the
// input gate does not hold, so the next frame's handler may overtake (docs/reliability.md).
it("handles a seed 003 burst of 500 frames in order under npm start", async () => {
  const sender = await TestSocket.open(`${parlor.ws}/rooms/burst-order?userId=fast`);
  const receiver = await TestSocket.open(`${parlor.ws}/rooms/burst-order?userId=slow`);
  await sender.nextOfType("user_joined");
  for (let i = 0; i < 500; i++) sender.send({ type: "chat", message: `m${i}` });
  const expected = Array.from({ length: 500 }, (_, i) => `m${i}`);
  for (const socket of [sender, receiver]) {
    const got: unknown[] = [];
    for (let i = 0; i < 500; i++) got.push((await socket.nextOfType("chat", 20_000)).message);
    expect(got).toEqual(expected);
  }
  sender.close();
  receiver.close();
});

it("loses nothing acknowledged when the npm start process group is SIGKILLed under load", async () => {
  const report = await runChaos({
    parlor,
    clients: 12,
    rooms: 2,
    restarts: ["kill"],
    sendEveryMs: 300,
    trafficMs: [500, 1500],
  });
  expect(report.acked).toBeGreaterThan(0);
  expect(report.acked).toBe(report.sent);
  expect(report).toMatchObject({ ackedLost: 0, shownTwice: 0, logsDiffer: 0, storedTwice: 0 });
  expect(report.reconnects).toBeGreaterThanOrEqual(12);
  expect(parlor.crashes()).toEqual([]);
}, 120_000);
