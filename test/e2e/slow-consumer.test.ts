// Slow and stuck consumers: a client that stops reading, or that reports receipts and falls too
// far behind, is closed with 4008 "Too far behind" (src/rooms/engine/backlog.ts) while everyone
// else keeps receiving in order; the SDK's receipts keep a busy but healthy listener open.
import crypto from "node:crypto";
import net from "node:net";
import { afterEach, expect, it } from "vitest";
import WebSocket from "ws";
import { ParlorClient } from "../../src/client/index.js";
import { CloseCode } from "../../src/protocol/limits.js";
import { useParlor } from "../support/server.js";
import { eventually } from "../support/wait.js";
import type { TestSocket } from "../support/ws.js";

const BYTES = 256 * 1024;
const MESSAGES = 300;
const parlor = useParlor({
  vars: {
    SLOW_CONSUMER_BYTES: String(BYTES),
    SLOW_CONSUMER_MESSAGES: String(MESSAGES),
    RATE_LIMIT_PER_SECOND: "100000",
    RATE_LIMIT_BURST: "100000",
  },
});
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/**
 * Sends `count` messages of ~`size` characters in batches of 20, each acked before the next (so
 * all are stored and sent out). A silent listener is itself a stuck reader as far as the room can
 * tell, so `listener` pings (the runtime's auto-answered ping) between batches.
 */
async function pump(
  sender: TestSocket,
  count: number,
  tag: string,
  { size = 4000, listener }: { size?: number; listener?: TestSocket } = {},
): Promise<void> {
  const pad = "x".repeat(size - 100);
  for (let i = 0; i < count; i++) {
    sender.send({ type: "message", message: `${tag} ${i} ${pad}`, clientId: `${tag}-${i}` });
    if (i % 20 === 19 || i === count - 1) {
      await sender.next((f) => f.type === "ack" && f.clientId === `${tag}-${i}`, 30_000);
      listener?.send({ type: "ping" });
    }
  }
}

/** The seqs of the room messages a socket received, which must be consecutive. */
function expectInOrder(socket: TestSocket, count: number): void {
  const seqs = socket.received.filter((f) => f.type === "message").map((f) => Number(f.seq));
  expect(seqs.length).toBe(count);
  expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
}

interface Stuck {
  socket: net.Socket;
  first: Buffer;
}

/** A raw TCP client that completes the WebSocket handshake on `path`, then stops reading. */
async function stuckClient(path: string): Promise<Stuck> {
  const socket = net.connect(parlor.server.port, "127.0.0.1");
  cleanups.push(() => socket.destroy());
  const key = crypto.randomBytes(16).toString("base64");
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  // The first bytes (the 101, maybe a frame) are kept for closeCodeOf to read from the start.
  const first = await new Promise<Buffer>((resolve) =>
    socket.once("data", (chunk: Buffer) => {
      socket.pause();
      resolve(chunk);
    }),
  );
  return { socket, first };
}

/** Reads a raw socket from where it stopped until the server's close frame; returns its code. */
function closeCodeOf({ socket, first }: Stuck): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    const read = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        buffer = buffer.subarray(end + 4);
        upgraded = true;
      }
      // Server frames are unmasked: opcode, then a 7-bit, 16-bit or 64-bit length.
      while (buffer.length >= 2) {
        const opcode = buffer[0]! & 0x0f;
        let length = buffer[1]! & 0x7f;
        let header = 2;
        if (length === 126) [length, header] = [buffer.readUInt16BE(2), 4];
        else if (length === 127) [length, header] = [Number(buffer.readBigUInt64BE(2)), 10];
        if (buffer.length < header + length) return;
        if (opcode === 0x8) {
          resolve(buffer.readUInt16BE(header));
          return;
        }
        buffer = buffer.subarray(header + length);
      }
    };
    read(first);
    socket.on("data", read);
    socket.once("error", reject);
    socket.once("end", () => reject(new Error("socket ended without a close frame")));
    socket.resume();
  });
}

it("closes a client that stopped reading with 4008, while the others keep receiving in order", async () => {
  const listener = await parlor.open("/ws?room=stuck&name=listener");
  const sender = await parlor.open("/ws?room=stuck&name=sender");
  await listener.nextOfType("welcome");
  await sender.nextOfType("welcome");
  const stuck = await stuckClient("/ws?room=stuck&name=reader");
  await listener.next((f) => f.type === "join" && f.name === "reader");

  // ~4 KB each: the stuck reader passes its 256 KB budget after ~64 of them.
  await pump(sender, 200, "busy", { listener });
  const leave = await listener.next((f) => f.type === "leave" && f.name === "reader", 10_000);
  expect(leave.name).toBe("reader");
  await pump(sender, 20, "after", { listener });
  await listener.roundTrip();
  expectInOrder(listener, 220);
  expect(await closeCodeOf(stuck)).toBe(CloseCode.tooFarBehind);
});

it("closes a seed 001 hub client that stopped reading: the hub has no receipt, the byte bound holds", async () => {
  const watcher = await parlor.open("/ws?id=hub-stuck");
  const sender = await parlor.open("/ws?id=hub-stuck");
  await watcher.nextOfType("connected");
  const senderId = (await sender.nextOfType("connected")).id;
  const stuck = await stuckClient("/ws?id=hub-stuck");
  const joined = await watcher.next(
    (f) => f.type === "user_connected" && (f.data as { id: string }).id !== senderId,
  );
  const stuckId = (joined.data as { id: string }).id;
  const pad = "x".repeat(3900);
  for (let i = 0; i < 200; i++) {
    sender.send({ type: "broadcast", data: { i, pad } });
    if (i % 20 !== 19) continue;
    // After each 20 (the stats answer says they went out), the watcher speaks: a silent watcher
    // would be a stuck reader as far as the hub can tell.
    sender.send({ type: "get_stats" });
    await sender.nextOfType("stats", 30_000);
    watcher.send({ type: "ping" });
    await watcher.nextOfType("pong", 30_000);
  }
  const gone = await watcher.next(
    (f) => f.type === "user_disconnected" && (f.data as { id: string }).id === stuckId,
    30_000,
  );
  expect(gone.type).toBe("user_disconnected");
  watcher.send({ type: "get_stats" });
  await watcher.nextOfType("stats", 30_000);
  const seen = watcher.received
    .filter((f) => f.type === "broadcast")
    .map((f) => (f.data as { i: number }).i);
  expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
  expect(await closeCodeOf(stuck)).toBe(CloseCode.tooFarBehind);
});

it("closes a client whose receipts fall more than SLOW_CONSUMER_MESSAGES behind", async () => {
  const lagging = await parlor.open("/ws?room=lag&name=lagging");
  const sender = await parlor.open("/ws?room=lag&name=sender");
  const welcome = await lagging.nextOfType("welcome");
  await sender.nextOfType("welcome");
  // One receipt, then none: it reads, and speaks, but never reports progress again.
  lagging.send({ type: "ping", seq: Number(welcome.lastSeq) });
  await lagging.nextOfType("pong");
  for (let i = 0; i < MESSAGES + 20; i++) {
    sender.send({ type: "message", message: `m${i}`, clientId: `lag-${i}` });
    if (i % 50 === 0) lagging.send({ type: "typing", typing: true });
  }
  const closed = await lagging.waitClose(30_000);
  expect(closed).toEqual({ code: CloseCode.tooFarBehind, reason: "Too far behind" });
  // It got SLOW_CONSUMER_MESSAGES messages, the one that put it over, then the close.
  expect(lagging.received.filter((f) => f.type === "message").length).toBe(MESSAGES + 1);
});

it("keeps a busy SDK listener open: its receipts report progress", async () => {
  const client = new ParlorClient({
    url: parlor.server.http,
    room: "busy",
    name: "sdk",
    WebSocket,
  });
  cleanups.push(() => client.close());
  const closes: number[] = [];
  client.on("state", (s) => {
    if (s.state === "reconnecting" || s.state === "closed") closes.push(s.code ?? 0);
  });
  await eventually("the SDK is welcomed", () => client.state === "open", 10_000, 20);
  const sender = await parlor.open("/ws?room=busy&name=sender");
  await sender.nextOfType("welcome");
  // 600 messages of ~1 KB: twice the message bound and twice the byte bound, read in time (the
  // SDK sends a receipt every 50 messages: ~50 KB, under the byte bound).
  await pump(sender, 600, "sdk", { size: 1000 });
  await eventually("the SDK got every message", () => client.messages.length >= 600, 30_000, 20);
  expect(closes).toEqual([]);
  expect(client.messages.map((m) => m.seq)).toEqual(client.messages.map((_, i) => i + 1));
});
