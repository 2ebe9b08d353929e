// How much of the gap to the minimal room is bytes on the wire. The minimal room relays the
// 100 bytes it is sent; Parlor's broadcast of the same message is more than twice that, as its
// protocol has it. The `minimal-229` room relays frames as large as Parlor's, so Parlor ÷ it
// is what Parlor does per message, apart from what the protocol's bytes cost any room.
import { PARLOR_FRAME_BYTES, MINIMAL_PARLOR_SIZED as SIZED } from "../servers/index.js";
import { type MetricName, parlorOverMedian, type Summary } from "../summary.js";

export function frameBytesSection(summary: Summary, sizes: number[]): string[] {
  if (!summary.figures[SIZED]) return [];
  const against = (metric: MetricName) =>
    sizes
      .map((n) => {
        const r = parlorOverMedian(summary, SIZED, n, metric);
        return `N=${n}: ${r === null ? "–" : `${r.toFixed(2)}×`}`;
      })
      .join(", ");
  return [
    `Bytes on the wire: Parlor's broadcast of the generator's 100-byte message is ${PARLOR_FRAME_BYTES}`,
    "bytes (the text JSON-escaped, with seed 004's name, seq, timestamp and serverTime); the minimal",
    `room relays the 100 bytes it is sent. \`${SIZED}\` above is the minimal room relaying`,
    `${PARLOR_FRAME_BYTES}-byte frames: its ÷ minimal column is what those bytes cost any room. Parlor ÷`,
    `\`${SIZED}\` (medians), ten senders: ${against("deliveries10")}; one sender:`,
    `${against("deliveries1")}. No target compares against it; the targets stay against the minimal room.`,
    "",
  ];
}
