// The chat room inside workerd: sockets opened through the Worker's own fetch.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

async function connect(path: string) {
  const response = await exports.default.fetch(`http://parlor.test${path}`, {
    headers: { Upgrade: "websocket" },
  });
  expect(response.status).toBe(101);
  const ws = response.webSocket!;
  const frames: Record<string, unknown>[] = [];
  const waiters: Array<() => void> = [];
  ws.accept();
  ws.addEventListener("message", (event) => {
    frames.push(JSON.parse(String(event.data)));
    for (const w of waiters.splice(0)) w();
  });
  return {
    ws,
    frames,
    send: (frame: unknown) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
    async next(type: string, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = frames.findIndex((f) => f.type === type);
        if (i >= 0) return frames.splice(i, 1)[0]!;
        if (Date.now() > deadline)
          throw new Error(`no ${type} frame; have ${JSON.stringify(frames)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
  };
}

describe("chat room", () => {
  it("welcomes, acks with a sequence number and broadcasts with server timestamps", async () => {
    const alice = await connect("/ws?room=w1&name=alice");
    const welcome = await alice.next("welcome");
    expect(welcome).toMatchObject({ room: "w1", name: "alice", users: ["alice"], count: 1 });
    const bob = await connect("/ws?room=w1&name=bob");
    await bob.next("welcome");
    expect(await alice.next("join")).toEqual({ type: "join", name: "bob", count: 2 });
    alice.send({ type: "message", message: "hello", clientId: "c1" });
    const ack = await alice.next("ack");
    expect(ack).toMatchObject({ clientId: "c1", seq: 1 });
    const got = await bob.next("message");
    expect(got).toMatchObject({ name: "alice", message: "hello", seq: 1, clientId: "c1" });
    expect(new Date(String(got.serverTime)).getTime()).toBe(got.timestamp);
  });
});
