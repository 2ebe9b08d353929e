// A V8 CPU profile, summed by function: how many samples each spent in its own code.

export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  /** Every sample, idle ones included. */
  samples: number;
  /** Samples the thread was not idle: running JavaScript, the runtime's own code or GC. */
  busy: number;
  /** Functions by self samples, most first; `(idle)` left out. */
  functions: { name: string; samples: number }[];
}

/**
 * Counted in samples, not time deltas: on a busy machine a sample's delta also holds the time
 * the thread was preempted (seen up to 0.7 s), so deltas would mislead.
 */
export function selfTime(profile: CpuProfile): SelfTime {
  const perNode = new Map<number, number>();
  for (const id of profile.samples) perNode.set(id, (perNode.get(id) ?? 0) + 1);
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const count = perNode.get(node.id) ?? 0;
    if (count === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.split("/").at(-1)}:${lineNumber + 1}` : "";
    const name = `${functionName || "(anonymous)"} ${where}`.trim();
    byName.set(name, (byName.get(name) ?? 0) + count);
  }
  const idle = byName.get("(idle)") ?? 0;
  byName.delete("(idle)");
  return {
    samples: profile.samples.length,
    busy: profile.samples.length - idle,
    functions: [...byName.entries()]
      .map(([name, samples]) => ({ name, samples }))
      .sort((a, b) => b.samples - a.samples),
  };
}
