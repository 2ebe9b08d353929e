// Turns rounds of raw results into what the report shows: medians with their spread, and
// ratios against the minimal room taken within each round (then the median of those).
import { GUARANTEE_VARIANTS } from "./servers/index.js";
import type { RoundResult } from "./suite.js";

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(values: (number | null | undefined)[]): Spread | null {
  const v = values
    .filter((x): x is number => typeof x === "number" && Number.isFinite(x))
    .sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v[v.length - 1]!, runs: v.length };
}

/** The figures per server and room size, each as a function of one round's results. */
export const METRICS = {
  deliveries1: {
    label: "deliveries/s, 1 sender",
    phase: "saturate-1",
    field: "deliveriesPerSecond",
    better: "higher",
  },
  deliveries10: {
    label: "deliveries/s, 10 senders",
    phase: "saturate-10",
    field: "deliveriesPerSecond",
    better: "higher",
  },
  p50: { label: "p50 ms", phase: "latency", field: "p50", better: "lower" },
  p99: { label: "p99 ms", phase: "latency", field: "p99", better: "lower" },
  max: { label: "max ms", phase: "latency", field: "max", better: "lower" },
  // The median of several bursts into fresh rooms (suite.ts connectBursts).
  connects: {
    label: "connects/s",
    phase: "connects",
    field: "connectsPerSecond",
    better: "higher",
  },
  // Joins refused or timed out in the connects figure's bursts; its rate counts only the rest.
  failedJoins: {
    label: "failed joins",
    phase: "connects",
    field: "failed",
    better: "lower",
  },
  // The mean over the same bursts as `connects`.
  cpuPerConnect: {
    label: "server CPU µs per connect",
    phase: "connects",
    field: "serverCpuMicrosPerConnect",
    better: "lower",
  },
  kbPerConnection: {
    label: "KB per idle connection",
    phase: "connect",
    field: "idleKbPerConnection",
    better: "lower",
  },
  cpuPerDelivery1: {
    label: "server CPU µs per delivery (1 sender)",
    phase: "saturate-1",
    field: "serverCpuMicrosPerDelivery",
    better: "lower",
  },
  cpuPerDelivery10: {
    label: "server CPU µs per delivery (10 senders)",
    phase: "saturate-10",
    field: "serverCpuMicrosPerDelivery",
    better: "lower",
  },
  serverCpu1: {
    label: "server CPU % (1 sender)",
    phase: "saturate-1",
    field: "serverCpuPercent",
    better: "lower",
  },
  clientCpu1: {
    label: "load generator CPU % (1 sender)",
    phase: "saturate-1",
    field: "clientCpuPercent",
    better: "lower",
  },
  clientCpu10: {
    label: "load generator CPU % (10 senders)",
    phase: "saturate-10",
    field: "clientCpuPercent",
    better: "lower",
  },
  lost1: { label: "lost (1 sender)", phase: "saturate-1", field: "lost", better: "lower" },
} as const;
export type MetricName = keyof typeof METRICS;

function value(
  round: RoundResult,
  server: string,
  n: number,
  metric: MetricName,
  latencyLoad: number,
) {
  const { phase, field } = METRICS[metric];
  const name = phase === "latency" ? `latency-${latencyLoad}` : phase;
  const result = round.rooms[server]?.[n]?.[name] as Record<string, unknown> | undefined;
  const v = result?.[field];
  return typeof v === "number" ? v : null;
}

export interface Summary {
  figures: Record<string, Record<number, Partial<Record<MetricName, Spread | null>>>>;
  /** server ÷ minimal, median over rounds of the within-round ratio */
  ratios: Record<string, Record<number, Partial<Record<MetricName, Spread | null>>>>;
  idleRssMiB: Record<string, Spread | null>;
  chart: Record<string, { load: number; p50: Spread | null; p99: Spread | null; lost: number }[]>;
  guarantees: Record<
    string,
    {
      /** The server variant (parlor-no-…); entries are keyed `<variant>@<size>`. */
      variant: string;
      deliveries1: Spread | null;
      ratioToParlor: Spread | null;
      cpuPerDelivery1: Spread | null;
      /** connects/s with it off ÷ with it on. */
      connectsRatioToParlor: Spread | null;
      /** Share of Parlor's server CPU per delivery that this guarantee costs (1 − off ÷ on). */
      cpuShare: Spread | null;
      size: number;
    }
  >;
}

/** Parlor's median ÷ `other`'s median for one size and metric; null when either is missing. */
export function parlorOverMedian(
  summary: Summary,
  other: string,
  n: number,
  metric: MetricName,
): number | null {
  const mine = summary.figures.parlor?.[n]?.[metric]?.median;
  const theirs = summary.figures[other]?.[n]?.[metric]?.median;
  return mine !== undefined && theirs ? mine / theirs : null;
}

export function summarize(
  rounds: RoundResult[],
  servers: string[],
  sizes: number[],
  latencyLoad: number,
  chartSize: number,
  chartLoads: number[],
): Summary {
  const metrics = Object.keys(METRICS) as MetricName[];
  const figures: Summary["figures"] = {};
  const ratios: Summary["ratios"] = {};
  for (const server of servers) {
    figures[server] = {};
    ratios[server] = {};
    for (const n of sizes) {
      figures[server][n] = {};
      ratios[server][n] = {};
      for (const metric of metrics) {
        figures[server][n][metric] = spread(
          rounds.map((r) => value(r, server, n, metric, latencyLoad)),
        );
        ratios[server][n][metric] = spread(
          rounds.map((r) => {
            const mine = value(r, server, n, metric, latencyLoad);
            const ceiling = value(r, "minimal", n, metric, latencyLoad);
            return mine !== null && ceiling ? mine / ceiling : null;
          }),
        );
      }
    }
  }
  const idleRssMiB = Object.fromEntries(
    [...servers, "parlor"].map((s) => [s, spread(rounds.map((r) => r.idle[s]?.rssMiB))]),
  );
  const chart: Summary["chart"] = {};
  for (const server of servers) {
    chart[server] = [...new Set([...chartLoads, latencyLoad])]
      .sort((a, b) => a - b)
      .map((load) => {
        const results = rounds.map(
          (r) =>
            r.rooms[server]?.[chartSize]?.[`latency-${load}`] as Record<string, number> | undefined,
        );
        return {
          load,
          p50: spread(results.map((x) => x?.p50)),
          p99: spread(results.map((x) => x?.p99)),
          lost: Math.max(0, ...results.map((x) => x?.lost ?? 0)),
        };
      })
      .filter((point) => point.p50 !== null);
  }
  const guarantees: Summary["guarantees"] = {};
  // Off ÷ on, within each round, for one variant and room size.
  const offOverOn = (variant: string, size: number, metric: MetricName) =>
    spread(
      rounds.map((r) => {
        const off = value(r, variant, size, metric, latencyLoad);
        const on = value(r, "parlor", size, metric, latencyLoad);
        return off !== null && on ? off / on : null;
      }),
    );
  for (const variant of GUARANTEE_VARIANTS.map((kind) => kind.name)) {
    for (const size of Object.keys(rounds[0]?.rooms[variant] ?? {}).map(Number)) {
      const cpuRatio = offOverOn(variant, size, "cpuPerDelivery1");
      guarantees[`${variant}@${size}`] = {
        variant,
        size,
        deliveries1: spread(rounds.map((r) => value(r, variant, size, "deliveries1", latencyLoad))),
        ratioToParlor: offOverOn(variant, size, "deliveries1"),
        cpuPerDelivery1: spread(
          rounds.map((r) => value(r, variant, size, "cpuPerDelivery1", latencyLoad)),
        ),
        connectsRatioToParlor: offOverOn(variant, size, "connects"),
        cpuShare: cpuRatio && {
          ...cpuRatio,
          median: 1 - cpuRatio.median,
          min: 1 - cpuRatio.max,
          max: 1 - cpuRatio.min,
        },
      };
    }
  }
  return { figures, ratios, idleRssMiB, chart, guarantees };
}
