// "Where a target is missed, the report says so plainly, with the profile" (issue 12): after its
// rounds, `npm run bench` profiles Parlor and the minimal room under the load behind each missed
// figure, and the report puts the two profiles side by side.
import type { Target } from "../report/markdown.js";
import type { MetricName } from "../summary.js";
import { type LoadProfile, type ProfileLoad, profileLoad } from "./take.js";

/** One load a missed target was measured under, with the targets (and sizes) it explains. */
export interface MissedLoad {
  load: ProfileLoad;
  missed: string[];
}

/** Both servers' profiles under one missed target's load. */
export interface MissProfile extends MissedLoad {
  parlor: LoadProfile;
  minimal: LoadProfile;
}

export interface MissSettings {
  /** The fixed load the p99 target is judged at, in deliveries/s. */
  latencyLoad: number;
  /** Each flood's length, in seconds. */
  seconds: number;
  /** Joins in a connects profile, spread over rooms of the missed size. */
  joins: number;
}

/** The load behind each missed cell, once per load; memory targets have no CPU profile. */
export function loadsForMisses(targets: Target[], settings: MissSettings): MissedLoad[] {
  const byKey = new Map<string, MissedLoad>();
  for (const target of targets) {
    for (const cell of target.cells ?? []) {
      if (cell.met !== false || cell.n === null || !target.metric) continue;
      const load = loadFor(target.metric, cell.n, settings);
      if (!load) continue;
      const key = JSON.stringify(load);
      const entry = byKey.get(key) ?? { load, missed: [] };
      entry.missed.push(`${target.what} at N=${cell.n}`);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}

function loadFor(metric: MetricName, n: number, s: MissSettings): ProfileLoad | null {
  switch (metric) {
    case "deliveries1":
      return { kind: "saturate", n, senders: 1, seconds: s.seconds };
    case "deliveries10":
      return { kind: "saturate", n, senders: 10, seconds: s.seconds };
    case "p99":
      return { kind: "latency", n, deliveriesPerSecond: s.latencyLoad, seconds: s.seconds };
    case "connects":
      return { kind: "connects", n, rooms: Math.max(1, Math.round(s.joins / n)) };
    default:
      return null;
  }
}

/** Profiles each load on Parlor, then on the minimal room, each on a server of its own. */
export async function profileMisses(
  built: string,
  loads: MissedLoad[],
  warm: number,
  log: (line: string) => void,
): Promise<MissProfile[]> {
  const out: MissProfile[] = [];
  for (const missed of loads) {
    log(`profiling ${JSON.stringify(missed.load)} (missed: ${missed.missed.join("; ")})`);
    const parlor = (await profileLoad(built, "parlor", missed.load, { warm })).summary;
    const minimal = (await profileLoad(built, "minimal", missed.load, { warm })).summary;
    out.push({ ...missed, parlor, minimal });
  }
  return out;
}
