// Percentiles of a list of latencies (ms), and of each message's first delivery.
import type { FirstDeliveries, LatencyStats } from "./plan.js";

/** The value at quantile `q` of sorted values, to 0.01 ms; null when there are none. */
function quantile(sorted: number[], q: number): number | null {
  return sorted.length
    ? Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2))
    : null;
}

export function latencyStats(values: number[]): LatencyStats {
  const sorted = values.slice().sort((a, b) => a - b);
  const at = (q: number) => quantile(sorted, q);
  return {
    samples: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.length ? Number(sorted[sorted.length - 1]!.toFixed(2)) : null,
  };
}

/**
 * `first`: each message's send time (epoch ms) → its earliest delivery (ms). Messages sent before
 * `from` (the warm-up) are left out; `slowest` keeps the `keep` slowest, by send time.
 */
export function firstDeliveries(
  first: ReadonlyMap<number, number>,
  from: number,
  keep = 12,
): FirstDeliveries {
  const timed = [...first].filter(([sentAt]) => sentAt >= from);
  const slowest = timed
    .sort((a, b) => b[1] - a[1])
    .slice(0, keep)
    .sort((a, b) => a[0] - b[0])
    .map(([sentAt, ms]) => ({ atMs: Math.round(sentAt - from), firstMs: Number(ms.toFixed(2)) }));
  const sorted = timed.map(([, ms]) => ms).sort((a, b) => a - b);
  return { messages: sorted.length, p99: quantile(sorted, 0.99), slowest };
}
