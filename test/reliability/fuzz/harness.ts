// One dialect's fuzz run against a running Parlor, black-box over real WebSockets.
//
// Each generated frame goes out on a fuzzed socket followed by the dialect's sync frames; the
// sync's answer proves the server handled the fuzzed frame, and everything that arrived before
// it is that frame's answer. The oracle (the protocol's zod schemas) says what must happen:
// accepted (no error), refused (the dialect's error frame) or closed (1009 over the size limit,
// 1007 for invalid UTF-8). Meanwhile a bystander in the same room must receive every accepted
// message, in order, and at the end the room's stored log must hold exactly those messages.
import fc from "fast-check";
import WebSocket from "ws";
import { MAX_FRAME_BYTES } from "../../../src/protocol/limits.js";
import { type Frame, sleep, TestSocket } from "../../support/ws.js";
import { roomHistory } from "../room-log.js";
import { FUZZ_HUB_SECRET, type FuzzDialect, fingerprint } from "./dialects.js";
import { describe, frameMix, limitExamples, type WireFrame } from "./frames.js";

/**
 * The server settings a fuzz run needs: no rate limit, retention above what it stores, and an
 * idle timeout and a slow-consumer byte budget beyond a run (the bystander only listens, and
 * receives every accepted frame, some of them 1 MiB).
 */
export const FUZZ_ENV = {
  // Only the deployment's containers may join /connectws; the fuzzed ones present this secret.
  CONTAINER_HUB_SECRET: FUZZ_HUB_SECRET,
  IDLE_TIMEOUT_MS: "86400000",
  RATE_LIMIT_PER_SECOND: "1000000",
  RATE_LIMIT_BURST: "1000000",
  HISTORY_RETENTION: "1000000",
  SLOW_CONSUMER_BYTES: String(2 ** 40),
};

export interface FuzzTotals {
  dialect: string;
  frames: number;
  text: number;
  binary: number;
  accepted: number;
  refused: number;
  /** Closed with 1009 (over the size limit) or 1007 (invalid UTF-8), as the oracle expected. */
  closed: number;
  /** Messages the oracle says were stored, and what the bystander / the room's log hold. */
  expectedSeen: number;
  bystanderSeen: number;
  storedExpected: number | null;
  storedFound: number | null;
  /** The first failure (fast-check's report, with seed and the frame), if any. */
  failure: string | null;
}

type Verdict =
  | { kind: "accept"; parsed: Record<string, unknown> }
  | { kind: "refuse" }
  | { kind: "close"; codes: number[] }
  | { kind: "refuse-or-close"; codes: number[] };

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });

/** What the server must do with `frame` (the oracle). */
export function verdict(
  dialect: FuzzDialect,
  frame: WireFrame,
  state: { user: string | undefined } = { user: undefined },
): Verdict {
  if (frame.kind === "binary") {
    return frame.bytes.byteLength > MAX_FRAME_BYTES
      ? { kind: "close", codes: [1009] }
      : { kind: "refuse" };
  }
  let text: string;
  if (frame.kind === "text-bytes") {
    try {
      text = fatalUtf8.decode(frame.bytes);
    } catch {
      return { kind: "refuse-or-close", codes: [1007] };
    }
  } else {
    // `ws` sends strings as UTF-8, lone surrogates as U+FFFD: this is what the server reads.
    text = Buffer.from(frame.text, "utf8").toString("utf8");
  }
  if (Buffer.byteLength(text) > MAX_FRAME_BYTES) return { kind: "close", codes: [1009] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: "refuse" };
  }
  const result = dialect.schema.safeParse(dialect.normalize ? dialect.normalize(data) : data);
  if (!result.success) return { kind: "refuse" };
  const parsed = result.data as Record<string, unknown>;
  if (dialect.extraCheck && !dialect.extraCheck(parsed, state)) return { kind: "refuse" };
  return { kind: "accept", parsed };
}

function sendWire(socket: TestSocket, frame: WireFrame): void {
  if (frame.kind === "text") socket.raw.send(frame.text);
  else socket.raw.send(frame.bytes, { binary: frame.kind === "binary" });
}

/** Waits for a frame matching `match` (removed from the queue) or the socket's close. */
async function replyOrClose(
  socket: TestSocket,
  match: (f: Frame) => boolean,
  timeoutMs: number,
): Promise<"reply" | "closed"> {
  try {
    await socket.next(match, timeoutMs);
    return "reply";
  } catch (error) {
    if (socket.closed) return "closed";
    if (socket.raw.readyState !== WebSocket.OPEN) {
      await socket.waitClose(timeoutMs);
      return "closed";
    }
    throw error;
  }
}

export interface FuzzOptions {
  /** ws://host:port of a running Parlor. */
  base: string;
  frames: number;
  seed?: number;
  /** How long a sync's answer may take (a loaded machine is slow with 1 MiB frames). */
  replyTimeoutMs?: number;
}

export async function fuzzDialect(dialect: FuzzDialect, options: FuzzOptions): Promise<FuzzTotals> {
  const nonce = Math.random().toString(36).slice(2, 8);
  const room = `fuzz-${dialect.name}-${nonce}`;
  const timeout = options.replyTimeoutMs ?? 20_000;
  const totals: FuzzTotals = {
    dialect: dialect.name,
    frames: 0,
    text: 0,
    binary: 0,
    accepted: 0,
    refused: 0,
    closed: 0,
    expectedSeen: 0,
    bystanderSeen: 0,
    storedExpected: null,
    storedFound: null,
    failure: null,
  };
  const state: { user: string | undefined } = { user: undefined };
  const expectedSeen: string[] = [];
  let stored = 0;

  const open = async (who: string): Promise<TestSocket> => {
    const socket = await TestSocket.open(`${options.base}${dialect.path(room, who)}`, {
      headers: dialect.headers?.(),
    });
    const { keepAlive } = dialect;
    if (keepAlive) {
      socket.raw.on("message", (data) => {
        try {
          const reply = keepAlive(JSON.parse(String(data)) as Frame);
          if (reply) socket.send(reply);
        } catch {
          // not JSON: nothing to answer
        }
      });
    }
    if (dialect.greeting) await socket.nextOfType(dialect.greeting, timeout);
    for (const hello of dialect.hello(who)) socket.send(hello);
    if (dialect.helloReply) await socket.nextOfType(dialect.helloReply, timeout);
    socket.frames.length = 0;
    return socket;
  };
  const bystander = await open("bystander");
  let fuzzed = await open("fuzzer");
  state.user = "fuzzer";
  let syncs = 0;

  const apply = (parsed: Record<string, unknown>) => {
    const effect = dialect.effect(parsed, state);
    stored += effect.stored;
    if (effect.seen !== null) expectedSeen.push(effect.seen);
  };

  const property = fc.asyncProperty(
    frameMix(dialect.valid, dialect.sizeBase),
    async (frame: WireFrame) => {
      const expected = verdict(dialect, frame, state);
      const tag = `${nonce}-${++syncs}`;
      const sync = dialect.sync(tag);
      totals.frames++;
      if (frame.kind === "binary") totals.binary++;
      else totals.text++;
      sendWire(fuzzed, frame);
      for (const s of sync) fuzzed.send(s);
      const outcome = await replyOrClose(fuzzed, (f) => dialect.isSyncReply(f, tag), timeout);
      const answers = fuzzed.frames.splice(0);
      const error = answers.find((f) => f.type === "error");
      if (outcome === "closed") {
        const code = fuzzed.closed?.code ?? 0;
        const allowed =
          expected.kind === "close" || expected.kind === "refuse-or-close" ? expected.codes : [];
        if (!allowed.includes(code)) {
          throw new Error(`${dialect.name}: closed ${code}, expected ${expected.kind}`);
        }
        totals.closed++;
        fuzzed = await open("fuzzer");
        state.user = "fuzzer";
        return;
      }
      if (expected.kind === "close") throw new Error(`${dialect.name}: expected a 1009 close`);
      if (expected.kind === "accept") {
        if (error) throw new Error(`${dialect.name}: refused a valid frame: ${fingerprint(error)}`);
        totals.accepted++;
        apply(expected.parsed);
      } else {
        if (!error) {
          throw new Error(
            `${dialect.name}: no error frame; got ${fingerprint(answers).slice(0, 300)}`,
          );
        }
        totals.refused++;
      }
      for (const s of sync) apply(s);
    },
  );
  const run = await fc.check(property, {
    numRuns: options.frames,
    seed: options.seed,
    endOnFailure: true,
    // Every run starts with the size limit minus one, exact and plus one, text and binary.
    examples: limitExamples(dialect.sizeBase).map((frame) => [frame]),
  });
  if (run.failed) {
    const error = run.errorInstance instanceof Error ? run.errorInstance.message : "";
    const example = run.counterexample?.[0] ? describe(run.counterexample[0]) : "";
    // Long runs ("[[[[...") shortened so the report stays readable.
    totals.failure = `${error} (seed ${run.seed}, frame ${run.numRuns}: ${example})`.replace(
      /(.)\1{40,}/g,
      (all, c: string) => `${c}…(${all.length}×)`,
    );
  }

  // The bystander got every accepted message, in order, and nothing else.
  totals.expectedSeen = expectedSeen.length;
  const seen = await collectSeen(bystander, dialect, expectedSeen.length, timeout);
  totals.bystanderSeen = seen.length;
  if (!totals.failure && fingerprint(seen) !== fingerprint(expectedSeen)) {
    const at = seen.findIndex((s, i) => s !== expectedSeen[i]);
    totals.failure = `${dialect.name}: bystander saw ${seen.length}, expected ${expectedSeen.length}; first difference at ${at}: ${seen[at]?.slice(0, 200)} vs ${expectedSeen[at]?.slice(0, 200)}`;
  }
  if (dialect.chat) {
    const history = await roomHistory(options.base, room, timeout);
    const log = {
      lastSeq: history.lastSeq,
      messages: history.entries
        .filter((e) => e.type === "message")
        .map((e) => fingerprint([e.name, e.message])),
    };
    totals.storedExpected = stored;
    totals.storedFound = log.lastSeq;
    if (!totals.failure && log.lastSeq !== stored) {
      totals.failure = `${dialect.name}: the room stored ${log.lastSeq} messages, expected ${stored}`;
    }
    if (!totals.failure && fingerprint(log.messages) !== fingerprint(expectedSeen)) {
      const at = log.messages.findIndex((m, i) => m !== expectedSeen[i]);
      totals.failure = `${dialect.name}: the room's history differs from the accepted messages at ${at}: ${log.messages[at]?.slice(0, 200)} vs ${expectedSeen[at]?.slice(0, 200)}`;
    }
  }
  fuzzed.close();
  bystander.close();
  return totals;
}

/** Waits until the bystander has seen `count` messages (or a quiet timeout), then returns them. */
async function collectSeen(
  socket: TestSocket,
  dialect: FuzzDialect,
  count: number,
  timeoutMs: number,
): Promise<string[]> {
  const seen = () =>
    socket.frames.map((f) => dialect.seenBy(f)).filter((s): s is string => s !== null);
  const deadline = Date.now() + timeoutMs;
  while (seen().length < count && Date.now() < deadline) await sleep(50);
  return seen();
}
