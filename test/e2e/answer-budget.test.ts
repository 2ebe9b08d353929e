// Issue 9, finding 8 ("small requests, huge answers"): with 100 stored messages of control
// characters (each 4,000 characters, 24,000 bytes once escaped in JSON), a 90-byte resume with
// since=0 returned a 2.4 MB welcome, and a 27-byte `history` frame 2.4 MB. Now every welcome,
// resume and history answer stays within its byte budget, says when it was cut, and the client
// pages the rest — by hand and through the SDK.
import { beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ParlorClient, type ParlorEvents } from "../../src/client/index.js";
import { DEFAULT_ANSWER_BYTES, MAX_TEXT_LENGTH } from "../../src/protocol/limits.js";
import { ServerHistory, ServerWelcome } from "../../src/protocol/parlor.js";
import { useParlor } from "../support/server.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { eventually } from "../support/wait.js";
import { type Frame, sleep, type TestSocket } from "../support/ws.js";

const suite = useParlor();
const BUDGET = DEFAULT_ANSWER_BYTES;
const CONTROL = "\u0001".repeat(MAX_TEXT_LENGTH);
/** The bytes the server sent: it sent JSON.stringify of an object, which parsing round-trips. */
const bytes = (frame: Frame) => Buffer.byteLength(JSON.stringify(frame));
const seqs = (entries: ReadonlyArray<{ seq?: unknown }>) => entries.map((e) => Number(e.seq));
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

async function join(room: string, name: string, query = "") {
  const socket = await suite.open(`/ws?room=${room}&name=${name}${query}`);
  return { socket, welcome: ServerWelcome.parse(await socket.nextOfType("welcome")) };
}

/** Stores `count` control-character messages, each acknowledged (resent when rate limited). */
async function flood(socket: TestSocket, count: number, tag: string, text = CONTROL) {
  for (let i = 0; i < count; i++) {
    for (;;) {
      socket.send({ type: "message", message: text, clientId: `${tag}${i}` });
      const answer = await socket.next(
        (f) => (f.type === "ack" && f.clientId === `${tag}${i}`) || f.type === "error",
      );
      if (answer.type === "ack") break;
      expect(answer.code).toBe("rate_limited");
      await sleep(100);
    }
  }
}

let history: (socket: TestSocket, request: Record<string, unknown>) => Promise<Frame>;
{
  let n = 0;
  history = async (socket, request) => {
    const clientId = `h${++n}`;
    socket.send({ type: "history", ...request, clientId });
    return socket.next((f) => f.type === "history" && f.clientId === clientId);
  };
}

describe("byte budgets on welcome, resume and history (finding 8)", () => {
  let epoch = "";
  beforeAll(async () => {
    const writer = await join("budget", "writer");
    epoch = writer.welcome.epoch;
    await flood(writer.socket, 100, "c");
  });

  it("a resume with since=0 stays under budget, says it was cut, and the rest pages back", async () => {
    const { socket, welcome } = await join("budget", "bob", `&since=0&epoch=${epoch}`);
    expect(bytes(welcome)).toBeLessThanOrEqual(BUDGET);
    expect(welcome).toMatchObject({ resume: "ok", hasMore: true, truncated: true, lastSeq: 100 });
    // The newest of what was missed, up to the last message: live ones follow without a gap.
    const n = welcome.history.length;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(100);
    expect(seqs(welcome.history)).toEqual(range(101 - n, n));

    const all = [...welcome.history];
    let pages = 0;
    for (let before = all[0]!.seq; ; pages++) {
      const page = ServerHistory.parse(await history(socket, { before, limit: 200 }));
      expect(bytes(page)).toBeLessThanOrEqual(BUDGET);
      all.unshift(...page.messages);
      if (!page.hasMore) break;
      expect(page.truncated).toBe(true);
      before = page.messages[0]!.seq;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seqs(all)).toEqual(range(1, 100));
    expect(all.every((m) => m.message === CONTROL)).toBe(true);
  });

  it("a 30-byte history request, a fresh welcome and a jump to a message stay under budget", async () => {
    const { socket, welcome } = await join("budget", "carol");
    expect(bytes(welcome)).toBeLessThanOrEqual(BUDGET);
    expect(welcome).toMatchObject({ hasMore: true, truncated: true, lastSeq: 100 });
    expect(welcome.history.at(-1)?.seq).toBe(100);

    socket.send('{"type":"history","limit":200}');
    const newest = ServerHistory.parse(await socket.nextOfType("history"));
    expect(bytes(newest)).toBeLessThanOrEqual(BUDGET);
    expect(newest).toMatchObject({ hasMore: true, truncated: true });
    expect(newest.messages.at(-1)?.seq).toBe(100);

    const around = ServerHistory.parse(await history(socket, { around: 50, limit: 200 }));
    expect(bytes(around)).toBeLessThanOrEqual(BUDGET);
    expect(around).toMatchObject({ hasMore: true, hasNewer: true, truncated: true });
    const got = seqs(around.messages);
    expect(got).toContain(50);
    expect(got).toEqual(range(got[0]!, got.length));
  });

  it("search pages (WebSocket and REST) stay under budget and page on from the cut", async () => {
    const writer = await join("budget-search", "writer");
    const text = `needle ${"\u0001".repeat(MAX_TEXT_LENGTH - 7)}`;
    await flood(writer.socket, 30, "s", text);
    const found: number[] = [];
    for (let offset: number | null = 0, n = 0; offset !== null; n++) {
      const clientId = `s${n}`;
      writer.socket.send({ type: "search", query: "needle", limit: 50, offset, clientId });
      const page = await writer.socket.next((f) => f.type === "search" && f.clientId === clientId);
      expect(bytes(page)).toBeLessThanOrEqual(BUDGET);
      const results = page.results as Array<{ seq: number }>;
      found.push(...results.map((r) => r.seq));
      expect(page.next).toBe(found.length < 30 ? offset + results.length : null);
      offset = page.next as number | null;
    }
    expect(found.sort((a, b) => a - b)).toEqual(range(1, 30));

    const rest = await fetch(
      `${suite.server.http}/api/rooms/budget-search/search?q=needle&limit=50`,
    );
    expect(rest.status).toBe(200);
    const body = await rest.text();
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(BUDGET);
    expect(JSON.parse(body).next).toBeGreaterThan(0);
  });

  it("the SDK resumes across a cut replay: exactly what it missed, in order, once", async () => {
    const proxy = await TcpProxy.start(suite.server.port);
    const reader = new ParlorClient({
      url: `http://127.0.0.1:${proxy.port}`,
      room: "budget-sdk",
      name: "reader",
      WebSocket,
      minDelayMs: 50,
      maxDelayMs: 250,
    });
    try {
      const received: ParlorEvents["message"][] = [];
      const welcomes: ParlorEvents["welcome"][] = [];
      reader.on("message", (m) => received.push(m));
      reader.on("welcome", (w) => welcomes.push(w));
      const writer = await join("budget-sdk", "writer");
      await eventually("reader open", () => reader.state === "open");
      await flood(writer.socket, 1, "first");
      await eventually("reader has 1", () => received.length === 1);

      proxy.cut();
      await eventually("reader notices the drop", () => reader.state === "reconnecting");
      await flood(writer.socket, 100, "missed");
      // The same resume, asked by hand, is cut: the SDK has to page to get it all.
      const probe = await join("budget-sdk", "probe", `&since=1&epoch=${reader.roomEpoch}`);
      expect(probe.welcome).toMatchObject({ resume: "ok", truncated: true, hasMore: true });

      proxy.restore();
      await eventually("101 received", () => received.length >= 101, 30_000);
      expect(welcomes.at(-1)).toMatchObject({ resume: "ok", hasMore: false, lastSeq: 101 });
      await flood(writer.socket, 1, "live");
      await eventually("live message", () => received.length >= 102);
      await reader.history(undefined, 1); // a round trip: a duplicate would have come first
      expect(seqs(received)).toEqual(range(1, 102));
      expect(seqs(reader.messages)).toEqual(range(1, 102));
    } finally {
      reader.close();
      proxy.close();
    }
  });
});
