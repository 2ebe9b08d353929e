// Several full runs side by side (bench/history.ts): each target per run, the median across
// runs, and in how many runs it was met. Built from the committed run with one ratio changed.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { historyMarkdown, type RunRecord } from "../../bench/report/history.js";
import { checkTargets } from "../../bench/targets.js";

const committed = JSON.parse(fs.readFileSync("bench/results/latest.json", "utf8")) as RunRecord;

/** The committed run with Parlor's p99 ratio at N=100 set to `p99`. */
function runWith(label: string, p99: number): RunRecord {
  const run = structuredClone(committed);
  run.summary.ratios.parlor![100]!.p99 = { median: p99, min: p99, max: p99, runs: 3 };
  return { label, server: "65131d1", context: run.context, summary: run.summary };
}

const rowOf = (table: string, start: string) =>
  table.split("\n").find((line) => line.startsWith(start)) ?? "";

describe("full runs side by side", () => {
  it("shows each run's figure, the median across runs, and how often the target was met", () => {
    const table = historyMarkdown([runWith("a", 1), runWith("b", 3), runWith("c", 2)]);
    expect(table).toContain("| target | goal | N | a | b | c | median of runs | met in |");
    // Misses are bold, with a third decimal; the median of 1, 3 and 2 is 2; only run a meets
    // ≤ 1.25.
    expect(rowOf(table, "| p99 at the fixed load, Parlor ÷ minimal | ≤ 1.25 | 100 |")).toBe(
      "| p99 at the fixed load, Parlor ÷ minimal | ≤ 1.25 | 100 | 1.00 | **3.000** | **2.000** | 2.00 | 1 of 3 |",
    );
  });

  it("does not round a miss onto its goal", () => {
    // 1.2504 misses ≤ 1.25; with two decimals it would read 1.25, as if met.
    const run = runWith("a", 1.2504);
    expect(rowOf(historyMarkdown([run]), "| p99 at the fixed load, Parlor ÷ minimal |")).toContain(
      "| 100 | **1.250** | 1.25 | 0 of 1 |",
    );
    const target = checkTargets(run.summary, run.context.sizes).find((t) =>
      t.what.startsWith("p99 at the fixed load"),
    )!;
    expect(target.measured).toMatch(/^N=100: 1\.250×, missed; N=1000: [\d.]+×/);
    expect(target.met).toBe(false);
  });

  it("takes the median of an even number of runs as the mean of the middle two", () => {
    const table = historyMarkdown([
      runWith("a", 1),
      runWith("b", 1.2),
      runWith("c", 3),
      runWith("d", 4),
    ]);
    expect(rowOf(table, "| p99 at the fixed load, Parlor ÷ minimal | ≤ 1.25 | 100 |")).toMatch(
      /\| 2\.10 \| 2 of 4 \|$/,
    );
  });

  it("leaves a memory cell a run did not judge out of the median and the count", () => {
    // A workerd server that shrank more than the rooms grew: N=100's memory is not judged.
    const noisy = (label: string) => {
      const run = runWith(label, 1);
      run.summary.figures.tutorial![100]!.kbPerConnection = {
        median: -90,
        min: -90,
        max: -90,
        runs: 3,
      };
      return run;
    };
    const row = rowOf(
      historyMarkdown([noisy("a"), noisy("b")]),
      "| KB per idle connection, Parlor ÷ minimal | ≤ 1.15 | 100 |",
    );
    expect(row).toMatch(
      /^\| KB per idle connection, Parlor ÷ minimal \| ≤ 1\.15 \| 100 \| \(-?[\d.]+\) \| \(-?[\d.]+\) \| – \| not judged \|$/,
    );
  });

  it("lists every run with the server it measured", () => {
    const table = historyMarkdown([runWith("a", 1), runWith("b", 3)]);
    expect(rowOf(table, "| a |")).toMatch(/^\| a \| \d{4}-\d\d-\d\d \| 65131d1 \| 3 \|/);
  });
});
