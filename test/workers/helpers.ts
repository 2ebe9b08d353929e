// Opening sockets inside workerd (through the Worker's own fetch, or straight to a Durable
// Object stub), with a queue of parsed frames and one way to wait: for the next frame that
// matches, bounded, woken by arrivals instead of polling.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { Waiters } from "../support/waiters.js";

export type Frame = Record<string, unknown>;
type Match = string | ((frame: Frame) => boolean);

export interface Client {
  ws: WebSocket;
  /** Frames not yet taken by `next`. */
  frames: Frame[];
  closed: { code: number; reason: string } | null;
  send(frame: unknown): void;
  /** The first unread frame of this type (or matching this predicate), taken off the queue. */
  next(match: Match, timeoutMs?: number): Promise<Frame>;
  waitClose(timeoutMs?: number): Promise<{ code: number; reason: string }>;
}

/** The chat room's Durable Object for a room name, as the Worker addresses it. */
export const chatRoomStub = (room: string) => env.CHAT_ROOMS.get(env.CHAT_ROOMS.idFromName(room));

/** A WebSocket through the Worker, exactly as a client's upgrade arrives. */
export function connect(path: string): Promise<Client> {
  return open((request) => exports.default.fetch(request), `http://parlor.test${path}`);
}

/** A WebSocket straight to a Durable Object (a fixture room kind, say). */
export function connectTo(stub: { fetch(request: Request): Promise<Response> }, path: string) {
  return open((request) => stub.fetch(request), `http://room.test${path}`);
}

async function open(fetcher: (r: Request) => Promise<Response>, url: string): Promise<Client> {
  const response = await fetcher(new Request(url, { headers: { Upgrade: "websocket" } }));
  expect(response.status).toBe(101);
  const ws = response.webSocket!;
  const waiters = new Waiters();
  const client: Client = {
    ws,
    frames: [],
    closed: null,
    send: (frame) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
    next(match, timeoutMs = 5000) {
      const test = typeof match === "string" ? (f: Frame) => f.type === match : match;
      return waiters.until(
        () => {
          const i = client.frames.findIndex(test);
          return i >= 0 ? client.frames.splice(i, 1)[0] : undefined;
        },
        timeoutMs,
        () => `no ${String(match)} frame; have ${JSON.stringify(client.frames).slice(0, 400)}`,
      );
    },
    waitClose: (timeoutMs = 5000) =>
      waiters.until(
        () => client.closed ?? undefined,
        timeoutMs,
        () => "socket did not close",
      ),
  };
  ws.accept();
  ws.addEventListener("message", (event) => {
    const frame = JSON.parse(String(event.data)) as Frame;
    // Joins and leaves that came together in one Parlor batch are read one by one.
    if (frame.type === "batch" && Array.isArray(frame.frames)) {
      client.frames.push(...(frame.frames as Frame[]));
    } else client.frames.push(frame);
    waiters.wake();
  });
  ws.addEventListener("close", (event) => {
    client.closed = { code: event.code, reason: event.reason };
    waiters.wake();
  });
  return client;
}

/** A round trip through a chat room (a history request): every frame it sent before is here. */
export async function barrier(client: Client): Promise<void> {
  const clientId = `barrier-${crypto.randomUUID()}`;
  client.send({ type: "history", limit: 1, clientId });
  await client.next((f) => f.type === "history" && f.clientId === clientId);
}
