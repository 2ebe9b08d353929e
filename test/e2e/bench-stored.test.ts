// The `stored` room (bench/servers/workers/stored.js) in real workerd, with real sockets:
// it must broadcast every frame, in order, to everyone, and have written each one, or what
// the benchmark says storing costs would be measured on a room that stores nothing.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildBench } from "../../bench/build.js";
import { SERVERS } from "../../bench/servers/index.js";
import { eventually } from "../support/wait.js";

// Inside the repository, as `npm run bench` builds (.parlor/bench): Miniflare resolves a
// Worker's modules from the working directory and refuses a path that climbs out of it.
fs.mkdirSync(".parlor", { recursive: true });
const out = fs.mkdtempSync(path.resolve(".parlor/bench-stored-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

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

describe("the stored room", () => {
  it("writes every frame, and broadcasts each in order to everyone", async () => {
    const built = await buildBench(out);
    const kind = SERVERS.find((k) => k.name === "stored")!;
    const server = await kind.start(built);
    try {
      const base = `127.0.0.1:${server.port}`;
      const members = await Promise.all([1, 2, 3].map(() => join(`ws://${base}/room-a`)));
      const frames = ["one", "two", "three", "four", "five"];
      for (const frame of frames) members[0]!.ws.send(frame);
      await eventually("every member hears every frame", () =>
        members.every((m) => m.heard.length >= frames.length),
      );
      for (const m of members) expect(m.heard).toEqual(frames);

      const stored = await fetch(`http://${base}/room-a`).then((r) => r.json());
      expect(stored).toEqual({ stored: frames.length });
      // One room per path: another room has stored nothing.
      const other = await fetch(`http://${base}/room-b`).then((r) => r.json());
      expect(other).toEqual({ stored: 0 });
      for (const m of members) m.ws.close();
    } finally {
      await server.stop();
    }
  });
});
