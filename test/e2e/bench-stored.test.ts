// The `stored` room (bench/servers/workers/stored.js) in real workerd, with real sockets:
// it must broadcast every frame, in order, to everyone, and have written each one, or what
// the benchmark says storing costs would be measured on a room that stores nothing. The same
// for `stored-parlor-writes`, which must write what Parlor writes: the log's rows, the search
// index's batches and the sender's rate bucket.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildBench } from "../../bench/build.js";
import { DIAGNOSTIC_VARIANTS, SERVERS } from "../../bench/servers/index.js";
import { eventually } from "../support/wait.js";

// Inside the repository, as `npm run bench` builds (.parlor/bench): Miniflare resolves a
// Worker's modules from the working directory and refuses a path that climbs out of it.
fs.mkdirSync(".parlor", { recursive: true });
const out = fs.mkdtempSync(path.resolve(".parlor/bench-stored-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
let built: Promise<string> | undefined;
const build = () => {
  built ??= buildBench(out);
  return built;
};

/** Opens a socket and resolves once the room's greeting came; collects every frame after it. */
function join(url: string): Promise<{ ws: WebSocket; heard: string[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const heard: string[] = [];
    ws.on("message", (data) => {
      const text = data.toString();
      if (text === "welcome") resolve({ ws, heard });
      else heard.push(text);
    });
    ws.once("error", reject);
  });
}

/**
 * Three members join room-a of `server`, the first sends `frames`, and every member must hear
 * each of them, in order. Returns what a plain GET of room-a and of room-b (another room) say
 * was written.
 */
async function broadcastAndRead(
  server: { port: number },
  frames: string[],
): Promise<{ written: unknown; other: unknown }> {
  const base = `127.0.0.1:${server.port}`;
  const members = await Promise.all([1, 2, 3].map(() => join(`ws://${base}/room-a`)));
  for (const frame of frames) members[0]!.ws.send(frame);
  await eventually("every member hears every frame", () =>
    members.every((m) => m.heard.length >= frames.length),
  );
  for (const m of members) expect(m.heard).toEqual(frames);
  const written = await fetch(`http://${base}/room-a`).then((r) => r.json());
  // One room per path: another room has written nothing.
  const other = await fetch(`http://${base}/room-b`).then((r) => r.json());
  for (const m of members) m.ws.close();
  return { written, other };
}

describe("the stored room", () => {
  it("writes every frame, and broadcasts each in order to everyone", async () => {
    const kind = SERVERS.find((k) => k.name === "stored")!;
    const server = await kind.start(await build());
    try {
      const frames = ["one", "two", "three", "four", "five"];
      const { written, other } = await broadcastAndRead(server, frames);
      expect(written).toEqual({ stored: frames.length });
      expect(other).toEqual({ stored: 0 });
    } finally {
      await server.stop();
    }
  });

  it("with Parlor's writes: logs, indexes and rate-limits every frame, and broadcasts each in order", async () => {
    const kind = DIAGNOSTIC_VARIANTS.find((k) => k.name === "stored-parlor-writes")!;
    const server = await kind.start(await build());
    try {
      // One more than the search index's batch of 64: the batch is indexed, the rest waits.
      const frames = Array.from({ length: 65 }, (_, i) => `frame ${i + 1}`);
      const { written, other } = await broadcastAndRead(server, frames);
      expect(written).toEqual({ messages: 65, indexed: 64, buckets: 1 });
      expect(other).toEqual({ messages: 0, indexed: 0, buckets: 0 });
    } finally {
      await server.stop();
    }
  });
});
