// What the fuzzer sends: WebSocket frames as they go on the wire (text, raw bytes in a text frame,
// binary), generated with fast-check from a dialect's valid frames, near-misses of them, and
// garbage, plus the frame size limit minus one, exact and plus one.
import fc from "fast-check";
import { MAX_FRAME_BYTES, MAX_TEXT_LENGTH } from "../../../src/protocol/limits.js";

export type WireFrame =
  | { kind: "text"; text: string }
  /** Raw bytes sent with the text opcode (may be invalid UTF-8). */
  | { kind: "text-bytes"; bytes: Uint8Array }
  | { kind: "binary"; bytes: Uint8Array };

export function describe(frame: WireFrame): string {
  const body = frame.kind === "text" ? frame.text : Buffer.from(frame.bytes).toString("hex");
  const size = frame.kind === "text" ? Buffer.byteLength(frame.text) : frame.bytes.byteLength;
  return `${frame.kind}(${size} B) ${JSON.stringify(body.slice(0, 160))}`;
}

/** Strings that break naive code: empty, blanks, unicode edges, lone surrogates, limits ±1. */
export const edgeString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\t\n",
    "\u0000",
    "\ud800",
    "\udfff",
    "a\ud83d",
    "\ud83d\ude00",
    "👨‍👩‍👧‍👦",
    "\u202e\u2066rtl",
    "\ufeff",
    "\uffff",
    "null",
    "__proto__",
    "constructor",
    "x".repeat(MAX_TEXT_LENGTH - 1),
    "x".repeat(MAX_TEXT_LENGTH),
    "x".repeat(MAX_TEXT_LENGTH + 1),
    "é".repeat(MAX_TEXT_LENGTH + 1),
    "y".repeat(64),
    "y".repeat(65),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  // Single UTF-16 code units, lone surrogates included.
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
);

/** Any JSON value, sometimes deeply nested. */
export const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: edgeString },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map(nested) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(-1, 0, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, true, null),
  },
);

/**
 * `[[[...]]]`, `depth` levels deep, as a placeholder that `toWire` expands: Node's own
 * JSON.stringify overflows its stack near 10,000 levels, so the nesting is spliced in as text.
 */
export function nested(depth: number): unknown {
  return `\u0000deep:${depth}\u0000`;
}

/** JSON text for a generated value, with `nested` placeholders expanded. */
export function toWire(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.replace(/"\\u0000deep:(\d+)\\u0000"/g, (_, n: string) => {
    const depth = Number(n);
    return `${"[".repeat(depth)}${"]".repeat(depth)}`;
  });
}

/** Near-misses of a valid frame: a field dropped, retyped, huge, nested, renamed, wrapped. */
export function nearMiss(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), jsonish, fc.nat({ max: 7 }), edgeString)
    .map(([frame, pick, value, how, text]) => {
      const keys = Object.keys(frame);
      const key = keys[pick % keys.length] ?? "type";
      const copy: Record<string, unknown> = { ...frame };
      switch (how) {
        case 0:
          delete copy[key];
          return copy;
        case 1:
          copy[key] = value;
          return copy;
        case 2:
          copy[key] = "z".repeat(100_000);
          return copy;
        case 3:
          // Deep enough for a recursive JSON.stringify to overflow its stack.
          copy[key] = nested(pick % 2 === 0 ? 20_000 : 400_000);
          return copy;
        case 4:
          copy.type = String(copy.type ?? "").toUpperCase() || text;
          return copy;
        case 5:
          return [frame];
        case 6:
          copy[text || "extra"] = value;
          return copy;
        default:
          copy[key] = text;
          return copy;
      }
    });
}

/** A frame of exactly `bytes` bytes: a JSON object `{...base, pad}` padded to size. */
export function sized(base: Record<string, unknown>, bytes: number): string {
  const empty = JSON.stringify({ ...base, pad: "" });
  return JSON.stringify({ ...base, pad: "p".repeat(Math.max(0, bytes - empty.length)) });
}

/** Frames at the size limit: one byte under, exactly, one over; text and binary. */
export function limitExamples(base: Record<string, unknown>): WireFrame[] {
  return [-1, 0, 1].flatMap((delta): WireFrame[] => [
    { kind: "text", text: sized(base, MAX_FRAME_BYTES + delta) },
    { kind: "binary", bytes: new Uint8Array(MAX_FRAME_BYTES + delta) },
  ]);
}

function sizeLimitFrames(base: Record<string, unknown>): fc.Arbitrary<WireFrame> {
  return fc.constantFrom(...limitExamples(base));
}

/** Garbage: not JSON, JSON of the wrong shape, empty, binary, invalid UTF-8. */
export const garbage: fc.Arbitrary<WireFrame> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }).map((text) => ({ kind: "text", text }) as const),
  jsonish.map((v) => ({ kind: "text", text: toWire(v) }) as const),
  fc.constantFrom<WireFrame>(
    { kind: "text", text: "" },
    { kind: "text", text: "{" },
    { kind: "text", text: '{"type":' },
    { kind: "text", text: "[".repeat(100_000) },
    { kind: "text", text: `${"[".repeat(50_000)}${"]".repeat(50_000)}` },
    { kind: "text", text: '{"type":"ping"}{"type":"ping"}' },
    { kind: "binary", bytes: new Uint8Array(0) },
    { kind: "text-bytes", bytes: Uint8Array.of(0xff, 0xfe, 0xfd) },
    { kind: "text-bytes", bytes: Uint8Array.of(0x7b, 0x22, 0xc3) },
    { kind: "text-bytes", bytes: Uint8Array.of(0xed, 0xa0, 0x80) },
  ),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ kind: "binary", bytes }) as const),
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((bytes) => ({ kind: "text-bytes", bytes }) as const),
);

/** A dialect's frame mix: valid, near-valid, garbage, and (rarely: 1 MiB each) size limits. */
export function frameMix(
  valid: fc.Arbitrary<Record<string, unknown>>,
  sizeBase: Record<string, unknown>,
): fc.Arbitrary<WireFrame> {
  const asText = (v: unknown): WireFrame => ({ kind: "text", text: toWire(v) });
  return fc.oneof(
    { weight: 40, arbitrary: valid.map(asText) },
    { weight: 35, arbitrary: nearMiss(valid).map(asText) },
    { weight: 24, arbitrary: garbage },
    { weight: 1, arbitrary: sizeLimitFrames(sizeBase) },
  );
}
