// Rounds of `bench/ab.ts --rounds`: the order each round takes the servers in, and each server's
// figures over the rounds as the median of its per-round ratios to the first server named.
// One round's ratio moves by ±15-20% on these machines (docs/performance.md, Method), so a
// change of a few percent shows only over a dozen rounds, and only as ratios taken in the same
// round: the host drifts over the minutes an A/B takes.
import { spread } from "./summary.js";

/** One server's figures in one round. */
export interface AbFigures {
  connectsPerSecond: number;
  cpuPerConnect: number;
  deliveriesPerSecond: number;
  cpuPerDelivery: number;
  /** With `--latency`: p50 and p99 (ms) at the fixed load, after the flood. */
  p50?: number;
  p99?: number;
}

/** Every other round in reverse, so a drift over the run falls on every server alike. */
export function roundOrder(names: readonly string[], round: number): string[] {
  return round % 2 ? [...names].reverse() : [...names];
}

/** A line per server: each figure ÷ the first server's in the same round, median (min-max). */
export function roundsSummary(
  names: readonly string[],
  byRound: readonly ReadonlyMap<string, AbFigures>[],
): string[] {
  const base = names[0]!;
  const lines = [
    `${byRound.length} rounds; each server ÷ ${base} in the same round, median (min-max):`,
  ];
  for (const name of new Set(names)) {
    const ratio = (field: keyof AbFigures) => {
      const s = spread(
        byRound.map((round) => {
          const own = round.get(name)?.[field];
          const theirs = round.get(base)?.[field];
          return own !== undefined && theirs ? own / theirs : null;
        }),
      );
      return s ? `${s.median.toFixed(3)}× (${s.min.toFixed(2)}-${s.max.toFixed(2)})` : "-";
    };
    const latency = byRound.some((round) => round.get(name)?.p99 !== undefined)
      ? [`p50 ${ratio("p50")}`, `p99 ${ratio("p99")}`]
      : [];
    lines.push(
      [
        name,
        `deliveries/s ${ratio("deliveriesPerSecond")}`,
        `cpu/delivery ${ratio("cpuPerDelivery")}`,
        `connects/s ${ratio("connectsPerSecond")}`,
        `cpu/connect ${ratio("cpuPerConnect")}`,
        ...latency,
      ].join(" | "),
    );
  }
  return lines;
}
