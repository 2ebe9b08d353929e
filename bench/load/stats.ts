// Percentiles of a list of latencies (ms).
import type { LatencyStats } from "./plan.js";

export function latencyStats(values: number[]): LatencyStats {
  const sorted = values.slice().sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length
      ? Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2))
      : null;
  return {
    samples: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.length ? Number(sorted[sorted.length - 1]!.toFixed(2)) : null,
  };
}
