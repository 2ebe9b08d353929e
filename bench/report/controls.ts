// How much of the gap to the minimal room is what any room pays for doing what Parlor must. Two
// rooms of the full run are the minimal room plus one of Parlor's obligations each:
// - `minimal-229` relays frames as large as Parlor's broadcast (seed 004's fields, the text
//   JSON-escaped), so its ÷ minimal column is what the protocol's bytes cost;
// - `stored` writes each frame to SQLite before it sends it, so its ÷ minimal column is what
//   storing first costs: the runtime's output gate holds every send until the commit is durable.
// Parlor ÷ each is then what Parlor does on top of that one obligation. No target compares
// against them; the targets stay against the minimal room.
import { MINIMAL_PARLOR_SIZED, PARLOR_FRAME_BYTES, STORED } from "../servers/index.js";
import { type MetricName, parlorOverMedian, type Summary } from "../summary.js";

/** "N=100: 0.95×, N=1000: …": Parlor's median ÷ `control`'s, size by size. */
function parlorOver(summary: Summary, control: string, sizes: number[], metric: MetricName) {
  return sizes
    .map((n) => {
      const r = parlorOverMedian(summary, control, n, metric);
      return `N=${n}: ${r === null ? "–" : `${r.toFixed(2)}×`}`;
    })
    .join(", ");
}

export function frameBytesSection(summary: Summary, sizes: number[]): string[] {
  if (!summary.figures[MINIMAL_PARLOR_SIZED]) return [];
  const against = (metric: MetricName) => parlorOver(summary, MINIMAL_PARLOR_SIZED, sizes, metric);
  return [
    `Bytes on the wire: Parlor's broadcast of the generator's 100-byte message is ${PARLOR_FRAME_BYTES}`,
    "bytes (the text JSON-escaped, with seed 004's name, seq, timestamp and serverTime); the minimal",
    `room relays the 100 bytes it is sent. \`${MINIMAL_PARLOR_SIZED}\` above is the minimal room relaying`,
    `${PARLOR_FRAME_BYTES}-byte frames: its ÷ minimal column is what those bytes cost any room. Parlor ÷`,
    `\`${MINIMAL_PARLOR_SIZED}\` (medians), ten senders: ${against("deliveries10")}; one sender:`,
    `${against("deliveries1")}. No target compares against it; the targets stay against the minimal room.`,
    "",
  ];
}

export function storedFirstSection(summary: Summary, sizes: number[]): string[] {
  if (!summary.figures[STORED]) return [];
  const against = (metric: MetricName) => parlorOver(summary, STORED, sizes, metric);
  return [
    `Storing first: \`${STORED}\` above is the minimal room writing each frame to SQLite before it`,
    "sends it, as Parlor does (the runtime's output gate holds what a turn sends until its commit is",
    "on disk); the minimal room stores nothing. Its ÷ minimal column is what storing first costs any",
    `room. Parlor ÷ \`${STORED}\` (medians), p50: ${against("p50")}; p99: ${against("p99")}.`,
    "No target compares against it; the targets stay against the minimal room.",
    "",
  ];
}
