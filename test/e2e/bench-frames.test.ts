// The benchmark's `minimal-229` room relays frames as large as Parlor's broadcast of the load
// generator's message, so that the report can tell the protocol's bytes from Parlor's own work.
// That holds only while 229 is what Parlor really sends: measured here on the wire, from Parlor
// as `npm start` runs it, with the message the generator sends. And the report's paragraphs that
// set Parlor beside that room and beside `stored` (bench/report/controls.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { now } from "../../bench/load/connection.js";
import { benchBody } from "../../bench/load/frames.js";
import { frameBytesSection, storedFirstSection } from "../../bench/report/controls.js";
import {
  BENCH_RATE_LIMITS,
  MINIMAL_PARLOR_SIZED,
  PARLOR_FRAME_BYTES,
  STORED,
} from "../../bench/servers/index.js";
import type { MetricName, Spread, Summary } from "../../bench/summary.js";
import { startParlor, type TestServer } from "../support/server.js";
import { eventually } from "../support/wait.js";

let server: TestServer;
beforeAll(async () => {
  // The benchmark's limits: a flood from one sender, as in its floods.
  server = await startParlor({ vars: BENCH_RATE_LIMITS });
});
afterAll(async () => {
  await server?.stop();
});

/** Opens a socket as `name` and keeps the byte size of every `message` frame it hears. */
async function listen(name: string): Promise<{ ws: WebSocket; sizes: number[] }> {
  const ws = new WebSocket(`${server.ws}/ws?room=bench-frames&name=${name}`);
  const sizes: number[] = [];
  let welcomed = false;
  ws.on("message", (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { type: string };
    if (frame.type === "welcome") welcomed = true;
    if (frame.type === "message") sizes.push(data.length);
  });
  await eventually(`${name} is welcomed`, () => welcomed);
  return { ws, sizes };
}

describe("the benchmark's frame sizes", () => {
  it("the generator's bodies are as large as asked, and still carry their send time", () => {
    for (const bytes of [100, PARLOR_FRAME_BYTES, 4_096]) {
      const body = benchBody(4321, now(), bytes);
      expect(Buffer.byteLength(body)).toBe(bytes);
      expect(JSON.parse(body)).toMatchObject({ s: 4321, t: expect.any(Number) });
    }
  });

  it("Parlor's broadcast of a 100-byte message is about PARLOR_FRAME_BYTES on the wire", async () => {
    const sender = await listen("u37");
    const listener = await listen("u38");
    // Sequence numbers of a full run's room reach four digits: the frame grows a byte a digit.
    const messages = 1_200;
    for (let seq = 0; seq < messages; seq++) {
      sender.ws.send(JSON.stringify({ type: "message", message: benchBody(seq, now()) }));
    }
    await eventually("the listener hears every message", () => listener.sizes.length === messages);
    const sizes = listener.sizes.slice(1_000); // seq 1001 and on, as in the benchmark's floods
    for (const size of sizes) expect(Math.abs(size - PARLOR_FRAME_BYTES)).toBeLessThanOrEqual(4);
    sender.ws.close();
    listener.ws.close();
  });
});

const rate = (median: number): Spread => ({ median, min: median, max: median, runs: 3 });

/** A run's summary with only the medians given: server → room size → metric → median. */
function summaryOf(servers: Record<string, SizesOf>): Summary {
  const figures = Object.fromEntries(
    Object.entries(servers).map(([name, sizes]) => [
      name,
      Object.fromEntries(
        Object.entries(sizes).map(([n, metrics]) => [
          n,
          Object.fromEntries(Object.entries(metrics).map(([m, median]) => [m, rate(median)])),
        ]),
      ),
    ]),
  );
  return { figures } as unknown as Summary;
}

type SizesOf = Record<number, Partial<Record<MetricName, number>>>;

/** A summary from two figures per server, each pair spread over sizes and metrics by `sizes`. */
const pairsSummary =
  (sizes: (a: number, b: number) => SizesOf) => (servers: Record<string, [number, number]>) =>
    summaryOf(
      Object.fromEntries(Object.entries(servers).map(([name, [a, b]]) => [name, sizes(a, b)])),
    );

describe("the report's bytes-on-the-wire paragraph", () => {
  const summary = pairsSummary((one, ten) => ({ 100: { deliveries1: one, deliveries10: ten } }));

  it("gives Parlor over the minimal room of Parlor's frame size, per sender count", () => {
    const text = frameBytesSection(
      summary({ parlor: [120_000, 114_000], [MINIMAL_PARLOR_SIZED]: [80_000, 120_000] }),
      [100],
    ).join(" ");
    expect(text).toContain("ten senders: N=100: 0.95×; one sender: N=100: 1.50×");
  });

  it("says nothing when the run had no such room (quick runs)", () => {
    expect(frameBytesSection(summary({ parlor: [1, 1], minimal: [1, 1] }), [100])).toEqual([]);
  });
});

describe("the report's storing-first paragraph", () => {
  const summary = pairsSummary((p50, p99) => ({ 100: { p50, p99 }, 1000: { p50: p50 * 8 } }));

  it("gives Parlor's latency over the room that only stores first, size by size", () => {
    const text = storedFirstSection(
      summary({ parlor: [2.6, 7.8], [STORED]: [2.5, 6.5], minimal: [1.6, 4.4] }),
      [100, 1000],
    ).join(" ");
    expect(text).toContain("p50: N=100: 1.04×, N=1000: 1.04×; p99: N=100: 1.20×, N=1000: –.");
  });

  it("says nothing when the run had no such room (quick runs)", () => {
    expect(storedFirstSection(summary({ parlor: [1, 1], minimal: [1, 1] }), [100])).toEqual([]);
  });
});
