// Opening sockets through the Worker's own fetch, inside workerd.
import { exports } from "cloudflare:workers";
import { expect } from "vitest";

export type Frame = Record<string, unknown>;

export interface Client {
  ws: WebSocket;
  frames: Frame[];
  closed: { code: number; reason: string } | null;
  send(frame: unknown): void;
  next(type: string, timeoutMs?: number): Promise<Frame>;
  waitClose(timeoutMs?: number): Promise<{ code: number; reason: string }>;
}

export async function connect(path: string): Promise<Client> {
  const response = await exports.default.fetch(`http://parlor.test${path}`, {
    headers: { Upgrade: "websocket" },
  });
  expect(response.status).toBe(101);
  const ws = response.webSocket!;
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  const client: Client = {
    ws,
    frames: [],
    closed: null,
    send: (frame) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
    async next(type, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = client.frames.findIndex((f) => f.type === type);
        if (i >= 0) return client.frames.splice(i, 1)[0]!;
        if (Date.now() > deadline) {
          throw new Error(`no ${type} frame; have ${JSON.stringify(client.frames).slice(0, 400)}`);
        }
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 25);
        });
      }
    },
    async waitClose(timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (!client.closed) {
        if (Date.now() > deadline) throw new Error("socket did not close");
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 25);
        });
      }
      return client.closed;
    },
  };
  ws.accept();
  ws.addEventListener("message", (event) => {
    client.frames.push(JSON.parse(String(event.data)) as Frame);
    wake();
  });
  ws.addEventListener("close", (event) => {
    client.closed = { code: event.code, reason: event.reason };
    wake();
  });
  return client;
}

/** Lets frames in flight arrive. */
export const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms));
