// The report's profiles of missed targets, on a tiny load: each missed figure maps to the load
// behind it, Parlor and the minimal room are each profiled under it through workerd's
// inspector (real workerd, real load generator), and the report puts the two side by side.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildBench } from "../../bench/build.js";
import { loadsForMisses, profileMisses } from "../../bench/profile/misses.js";
import type { Target } from "../../bench/report/markdown.js";
import { missesSection } from "../../bench/report/misses.js";

// Inside the repository, as `npm run bench` builds (.parlor/bench): Miniflare resolves a
// Worker's modules from the working directory and refuses a path that climbs out of it.
fs.mkdirSync(".parlor", { recursive: true });
const out = fs.mkdtempSync(path.resolve(".parlor/bench-profile-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const settings = { latencyLoad: 200, seconds: 1, joins: 20 };
const target = (what: string, metric: Target["metric"], cells: Target["cells"]): Target => ({
  what,
  metric,
  goal: "",
  measured: "",
  met: !cells?.some((c) => c.met === false),
  cells,
});

describe("profiles of the missed targets", () => {
  it("profiles each missed cell's load once, and nothing for what was met or is memory", () => {
    const loads = loadsForMisses(
      [
        target("deliveries/s, 10 senders, Parlor ÷ minimal", "deliveries10", [
          { n: 100, value: 0.8, met: false },
          { n: 1000, value: 1.1, met: true },
        ]),
        target("deliveries/s, 10 senders, Parlor ÷ partyserver (medians)", "deliveries10", [
          { n: 100, value: 0.9, met: false },
        ]),
        target("p99 at the fixed load, Parlor ÷ minimal", "p99", [
          { n: 100, value: 1.6, met: false },
        ]),
        target("KB per idle connection, Parlor ÷ minimal", "kbPerConnection", [
          { n: 1000, value: 1.2, met: false },
        ]),
        target("connects/s, Parlor ÷ minimal", "connects", [{ n: 5, value: 0.7, met: false }]),
      ],
      settings,
    );
    expect(loads).toEqual([
      {
        load: { kind: "saturate", n: 100, senders: 10, seconds: 1 },
        missed: [
          "deliveries/s, 10 senders, Parlor ÷ minimal at N=100",
          "deliveries/s, 10 senders, Parlor ÷ partyserver (medians) at N=100",
        ],
      },
      {
        load: { kind: "latency", n: 100, deliveriesPerSecond: 200, seconds: 1 },
        missed: ["p99 at the fixed load, Parlor ÷ minimal at N=100"],
      },
      {
        load: { kind: "connects", n: 5, rooms: 4 },
        missed: ["connects/s, Parlor ÷ minimal at N=5"],
      },
    ]);
  });

  it("profiles Parlor and the minimal room under the load and reports them side by side", async () => {
    const built = await buildBench(out);
    const targets = [
      target("connects/s, Parlor ÷ minimal", "connects", [{ n: 10, value: 0.7, met: false }]),
      target("deliveries/s, 1 sender, Parlor ÷ minimal", "deliveries1", [
        { n: 10, value: 0.5, met: false },
      ]),
      target("KB per idle connection, Parlor ÷ minimal", "kbPerConnection", [
        { n: 10, value: 2, met: false },
      ]),
    ];
    const profiles = await profileMisses(built, loadsForMisses(targets, settings), 5, () => {});
    expect(profiles.map((p) => p.load.kind)).toEqual(["connects", "saturate"]);
    for (const p of profiles) {
      // Each profile is of its own server: Parlor's bundle is in its profile, not in the other
      // (the minimal room's few lines can fall outside the top ten at this load).
      expect(p.parlor.functions.some((f) => f.name.includes("worker.js"))).toBe(true);
      expect(p.minimal.functions.some((f) => f.name.includes("worker.js"))).toBe(false);
      expect(p.parlor.busy).toBeGreaterThan(0);
      expect(p.parlor.serverCpuMicrosPerUnit).toBeGreaterThanOrEqual(0);
      expect(p.minimal.serverCpuMicrosPerUnit).toBeGreaterThanOrEqual(0);
    }
    const [connects, flood] = profiles;
    expect(connects!.parlor.unit).toBe("join");
    expect(flood!.parlor.unit).toBe("delivery");
    expect(Number(flood!.parlor.result.deliveriesPerSecond)).toBeGreaterThan(0);

    const section = missesSection(targets, profiles, 5).join("\n");
    expect(section).toContain("### connects/s, Parlor ÷ minimal at N=10");
    expect(section).toContain("### deliveries/s, 1 sender, Parlor ÷ minimal at N=10");
    expect(section).toMatch(/\| 1 \| `[^`]+` \| \d+\.\d% \| `[^`]+` \| \d+\.\d% \|/);
    expect(section).toContain(
      "Not profiled (no load behind them that a CPU profile explains): KB per idle connection",
    );
  });
});
