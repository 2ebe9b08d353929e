// The five dialects as the fuzzer sees them: where to connect, the valid frames to start from, an
// oracle (the protocol's own zod schemas, the declared contract) that says whether a frame must
// be accepted, and what an accepted frame must make a bystander in the same room receive.
import fc from "fast-check";
import { ApiClientFrame } from "../../../src/protocol/chat-api.js";
import { ContainerClientFrame } from "../../../src/protocol/containers.js";
import { jsonDepth } from "../../../src/protocol/json-depth.js";
import { MAX_DIRECT_DEPTH, MAX_TEXT_LENGTH } from "../../../src/protocol/limits.js";
import { ParlorClientFrame } from "../../../src/protocol/parlor.js";
import { RoomsClientFrame } from "../../../src/protocol/rooms.js";
import { HubClientFrame } from "../../../src/protocol/websocket-hub.js";
import type * as z from "../../../src/protocol/zod.js";
import type { Frame } from "../../support/ws.js";
import { edgeString, jsonish } from "./frames.js";

/** What an accepted frame leaves behind: a stored message, and what bystanders see of it. */
export interface Effect {
  /** Messages appended to the room's log (chat dialects). */
  stored: number;
  /** What a bystander must receive for it, as a comparable string; null: nothing. */
  seen: string | null;
}

/** The containers hub secret a fuzz run configures (FUZZ_ENV) and its containers present. */
export const FUZZ_HUB_SECRET = "fuzz-hub-secret";

export interface FuzzDialect {
  name: string;
  /** True when frames are stored in a chat room's log (checked through Parlor's history). */
  chat: boolean;
  /** Path of the fuzzed socket and of the bystander. */
  path(room: string, who: string): string;
  /** Upgrade headers the endpoint needs (the containers hub's secret). */
  headers?(): Record<string, string>;
  /** The frame a new socket waits for before it is ready (a greeting), if any. */
  greeting: string | null;
  /** Frames a new fuzzed socket or bystander sends first (seed 002's join, seed 000's connect). */
  hello(who: string): unknown[];
  /** Frames that count as the answer to `hello` (awaited before fuzzing). */
  helloReply: string | null;
  /** Valid frames to start from. */
  valid: fc.Arbitrary<Record<string, unknown>>;
  /** A valid frame of any size, for the size-limit frames. */
  sizeBase: Record<string, unknown>;
  schema: z.ZodMiniType;
  /** Seed 004's untyped `{message}` and similar: the object the server validates. */
  normalize?(data: unknown): unknown;
  /** Refusals the schema does not express (seed 003's direct-frame size, a container id switch). */
  extraCheck?(parsed: Record<string, unknown>, state: { user: string | undefined }): boolean;
  /** What the accepted frame does, given who the fuzzed socket is now (`state.user`). */
  effect(parsed: Record<string, unknown>, state: { user: string | undefined }): Effect;
  /** The answer a live client gives to a server keep-alive frame (seed 000's server-ping). */
  keepAlive?(frame: Frame): unknown | null;
  /** Valid frames whose last is answered on the same socket (so every earlier one was handled). */
  sync(tag: string): Record<string, unknown>[];
  isSyncReply(frame: Frame, tag: string): boolean;
  /** What a bystander sees of a frame it received, comparable with `Effect.seen`; else null. */
  seenBy(frame: Frame): string | null;
}

/** JSON for comparisons; values nested deeper than 1,000 levels compare as "<deep>". */
export function fingerprint(value: unknown): string {
  // Node's own stringify overflows at a depth that varies with the stack already in use, so the
  // same value could compare differently from call to call: the depth is measured first.
  if (jsonDepth(value, 1000) > 1000) return "<deep>";
  return JSON.stringify(value) ?? "undefined";
}

const name = fc.oneof(fc.constantFrom("alice", "bob", "bystander", " padded "), edgeString);
const text = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), edgeString);
const clientId = fc.option(
  fc.oneof(fc.uuid(), fc.string({ maxLength: 70 }), fc.constantFrom("a", "b")),
  { nil: undefined },
);
const strip = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export const parlor: FuzzDialect = {
  name: "parlor",
  chat: true,
  path: (room, who) => `/ws?room=${room}&name=${who}`,
  greeting: "welcome",
  hello: () => [],
  helloReply: null,
  valid: fc.oneof(
    fc.record({ type: fc.constant("message"), message: text, clientId }).map(strip),
    fc.record({ type: fc.constant("direct"), to: name, message: text, clientId }).map(strip),
    fc
      .record({ type: fc.constant("typing"), typing: fc.option(fc.boolean(), { nil: undefined }) })
      .map(strip),
    fc
      .record({
        type: fc.constant("history"),
        before: fc.option(fc.nat(), { nil: undefined }),
        limit: fc.option(fc.integer({ min: -1, max: 250 }), { nil: undefined }),
      })
      .map(strip),
    fc.constant({ type: "ping", n: 1 }),
    fc.record({ message: text }),
  ),
  sizeBase: { type: "ping" },
  schema: ParlorClientFrame,
  normalize: (data) =>
    data !== null && typeof data === "object" && !("type" in data) && "message" in data
      ? { ...data, type: "message" }
      : data,
  effect(parsed, state) {
    if (parsed.type === "message" || parsed.type === "direct") {
      // A clientId this user already used is acknowledged again and not stored (resend).
      const id = parsed.clientId as string | undefined;
      if (id !== undefined) {
        const key = `${state.user}\u0000${id}`;
        if (usedClientIds.has(key)) return { stored: 0, seen: null };
        usedClientIds.add(key);
      }
      return {
        stored: 1,
        seen: parsed.type === "message" ? fingerprint([state.user, parsed.message]) : null,
      };
    }
    return { stored: 0, seen: null };
  },
  sync: (tag) => [{ type: "message", message: `sync ${tag}`, clientId: `sync-${tag}` }],
  isSyncReply: (f, tag) => f.type === "ack" && f.clientId === `sync-${tag}`,
  seenBy: (f) => (f.type === "message" ? fingerprint([f.name, f.message]) : null),
};
const usedClientIds = new Set<string>();

export const api: FuzzDialect = {
  name: "api",
  chat: true,
  path: (room) => `/api/chat?room=${room}`,
  greeting: null,
  hello: (who) => [{ type: "join", userId: who }],
  helloReply: "user_joined",
  valid: fc.oneof(
    fc.record({ type: fc.constant("join"), userId: name }),
    fc
      .record({
        type: fc.constant("message"),
        text,
        userId: fc.option(name, { nil: undefined }),
        timestamp: fc.option(fc.string(), { nil: undefined }),
      })
      .map(strip),
    fc.constant({ type: "ping" }),
  ),
  sizeBase: { type: "ping" },
  schema: ApiClientFrame,
  // A joined socket stays who it joined as: a join as anyone else is refused (open a new socket).
  extraCheck: (parsed, state) =>
    parsed.type !== "join" ||
    state.user === undefined ||
    String(parsed.userId).trim() === state.user.trim(),
  effect(parsed, state) {
    if (parsed.type === "join") {
      state.user = parsed.userId as string;
      return { stored: 0, seen: null };
    }
    if (parsed.type === "message") {
      const sender = state.user ?? (parsed.userId as string | undefined) ?? "anonymous";
      return { stored: 1, seen: fingerprint([sender, parsed.text]) };
    }
    return { stored: 0, seen: null };
  },
  sync: (tag) => [{ type: "message", text: `sync ${tag}` }],
  isSyncReply: (f, tag) => f.type === "message" && f.text === `sync ${tag}`,
  seenBy: (f) => (f.type === "message" ? fingerprint([f.userId, f.text]) : null),
};

/** Seed 003's direct frames are held to twice a chat message (src/rooms/chat/chat-room.ts). */
const MAX_DIRECT_FRAME = 2 * MAX_TEXT_LENGTH;

export const rooms: FuzzDialect = {
  name: "rooms",
  chat: true,
  path: (room, who) => `/rooms/${room}?userId=${who}`,
  greeting: null,
  hello: () => [],
  helloReply: null,
  valid: fc.oneof(
    fc.record({ type: fc.constant("chat"), message: text }),
    fc.constant({ type: "typing" }),
    fc.constant({ type: "ping" }),
    fc
      .record({ type: fc.constant("join"), userId: fc.option(name, { nil: undefined }) })
      .map(strip),
    fc
      .record({
        type: fc.constant("broadcast"),
        payload: jsonish,
        from: fc.option(name, { nil: undefined }),
      })
      .map(strip),
    fc
      .record({
        type: fc.constant("direct"),
        targetUserId: name,
        message: fc.option(text, { nil: undefined }),
        extra: fc.option(jsonish, { nil: undefined }),
      })
      .map(strip),
  ),
  sizeBase: { type: "ping" },
  schema: RoomsClientFrame,
  // Nested past MAX_DIRECT_DEPTH, or longer than MAX_DIRECT_FRAME as JSON: refused.
  extraCheck: (parsed) =>
    parsed.type !== "direct" ||
    (jsonDepth(parsed, MAX_DIRECT_DEPTH) <= MAX_DIRECT_DEPTH &&
      fingerprint(parsed).length <= MAX_DIRECT_FRAME),
  effect(parsed, state) {
    if (parsed.type === "chat")
      return { stored: 1, seen: fingerprint([state.user, parsed.message]) };
    if (parsed.type === "direct") return { stored: 1, seen: null };
    return { stored: 0, seen: null };
  },
  sync: (tag) => [{ type: "chat", message: `sync ${tag}` }],
  isSyncReply: (f, tag) => f.type === "chat" && f.message === `sync ${tag}`,
  seenBy: (f) => (f.type === "chat" ? fingerprint([f.from, f.message]) : null),
};

/** Bytes of `value` as JSON, measured without recursion (values may nest past Node's stack). */
export function jsonBytes(value: unknown): number {
  let bytes = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (v === null || typeof v !== "object") {
      bytes += Buffer.byteLength(JSON.stringify(v) ?? "null");
      continue;
    }
    const entries = Array.isArray(v) ? v.map((item) => [null, item]) : Object.entries(v);
    bytes += 2 + Math.max(0, entries.length - 1); // brackets and commas
    for (const [key, item] of entries) {
      if (key !== null) bytes += Buffer.byteLength(JSON.stringify(key)) + 1;
      pending.push(item);
    }
  }
  return bytes;
}

/** The hub relays a broadcast only when its outgoing frame fits (HUB_MAX_BROADCAST_BYTES). */
const HUB_MAX_BROADCAST_BYTES = 64 * 1024;
const HUB_BROADCAST_ENVELOPE = '{"type":"broadcast","data":}'.length;

export const hub: FuzzDialect = {
  name: "hub",
  chat: false,
  path: (room) => `/ws?id=${room}`,
  greeting: "connected",
  hello: () => [],
  helloReply: null,
  valid: fc.oneof(
    fc
      .record({ type: fc.constant("ping"), data: fc.option(jsonish, { nil: undefined }) })
      .map(strip),
    fc.record({ type: fc.constant("broadcast"), data: jsonish }),
    fc.constant({ type: "get_stats" }),
    fc.record({ type: fc.string({ minLength: 1, maxLength: 120 }), data: jsonish }),
  ),
  sizeBase: { type: "ping" },
  schema: HubClientFrame,
  extraCheck: (parsed) =>
    parsed.type !== "broadcast" ||
    HUB_BROADCAST_ENVELOPE + jsonBytes(parsed.data) <= HUB_MAX_BROADCAST_BYTES,
  effect: (parsed) => ({
    stored: 0,
    seen: parsed.type === "broadcast" ? fingerprint(parsed.data) : null,
  }),
  // The sender of a broadcast hears nothing back; an echoed frame after it does.
  sync: (tag) => [
    { type: "broadcast", data: `sync ${tag}` },
    { type: "sync", tag: `sync ${tag}` },
  ],
  isSyncReply: (f, tag) =>
    f.type === "echo" && (f.data as { tag?: unknown } | undefined)?.tag === `sync ${tag}`,
  seenBy: (f) => (f.type === "broadcast" ? fingerprint(f.data) : null),
};

export const containers: FuzzDialect = {
  name: "containers",
  chat: false,
  path: () => "/connectws",
  headers: () => ({ Authorization: `Bearer ${FUZZ_HUB_SECRET}` }),
  greeting: "server-welcome",
  hello: (who) => [{ type: "container-connect", containerId: who }],
  helloReply: "server-ack",
  valid: fc.oneof(
    fc
      .record({
        type: fc.constant("container-connect"),
        containerId: name,
        message: fc.option(text, { nil: undefined }),
        timestamp: fc.option(fc.string(), { nil: undefined }),
      })
      .map(strip),
    fc
      .record({
        type: fc.constant("container-message"),
        message: text,
        containerId: fc.option(name, { nil: undefined }),
      })
      .map(strip),
    fc.constant({ type: "container-pong" }),
  ),
  sizeBase: { type: "container-pong" },
  schema: ContainerClientFrame,
  // One socket, one container: a connect naming another id is refused.
  extraCheck: (parsed, state) =>
    parsed.type !== "container-connect" ||
    state.user === undefined ||
    parsed.containerId === state.user,
  effect: (parsed) => ({
    stored: 0,
    seen: parsed.type === "container-message" ? fingerprint(parsed.message) : null,
  }),
  // A container that does not answer server-ping is dropped after the pong timeout.
  keepAlive: (f) => (f.type === "server-ping" ? { type: "container-pong" } : null),
  sync: (tag) => [{ type: "container-message", message: `sync ${tag}` }],
  isSyncReply: (f, tag) => f.type === "server-echo" && f.originalMessage === `sync ${tag}`,
  seenBy: (f) => (f.type === "container-message" ? fingerprint(f.message) : null),
};

export const dialects: FuzzDialect[] = [parlor, api, rooms, hub, containers];
