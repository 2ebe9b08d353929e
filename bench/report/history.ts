// Several full runs side by side: each target's figure in every run, its median across them,
// and in how many it was met. One run's rounds share a host's mood; runs on different days do
// not, so a target met in one run and missed in the next is read here, not in latest.md.
import { type Summary, spread } from "../summary.js";
import { checkTargets } from "../targets.js";
import { MISSED_DIGITS, type ReportContext, type Target, type TargetCell } from "./markdown.js";

export interface RunRecord {
  /** How the run is named in the table (the commit that holds its results). */
  label: string;
  /** The `src/` tree the run measured: runs with the same one measured the same server. */
  server: string;
  context: ReportContext & { sizes: number[]; resume?: Record<string, unknown> };
  summary: Summary;
}

const show = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? "–" : v.toFixed(digits);

/** Targets are judged again with today's rules, so every run is read the same way. */
const targetsOf = (run: RunRecord): Target[] =>
  checkTargets(run.summary, run.context.sizes, run.context.resume);

export function historyMarkdown(runs: RunRecord[]): string {
  const judged = runs.map(targetsOf);
  const out: string[] = [];
  out.push(`| run | date | server (\`src/\` tree) | rounds | load average before / after |`);
  out.push("|---|---|---|---|---|");
  for (const run of runs) {
    const m = run.context.machine;
    out.push(
      `| ${run.label} | ${run.context.date.slice(0, 10)} | ${run.server} | ${run.context.rounds} | ${m["load average before (1/5/15 min)"] ?? "–"} / ${m["load average after"] ?? "–"} |`,
    );
  }
  out.push("");
  out.push(
    `| target | goal | N | ${runs.map((r) => r.label).join(" | ")} | median of runs | met in |`,
  );
  out.push(`|---|---|---|${runs.map(() => "---").join("|")}|---|---|`);
  // Rows follow the newest run's targets; a target an older run lacks shows as "–" there.
  for (const target of judged[judged.length - 1] ?? []) {
    const cellsOf = (targets: Target[]): TargetCell[] =>
      targets.find((t) => t.what === target.what)?.cells ?? [];
    for (const cell of target.cells ?? []) {
      const perRun = judged.map((t) => cellsOf(t).find((c) => c.n === cell.n));
      // A cell a run did not judge (memory below the RSS noise) is shown in brackets and left
      // out of the median and the count.
      const verdicts = perRun.filter((c) => c?.met === true || c?.met === false);
      const values = verdicts.flatMap((c) => (c?.value == null ? [] : [c.value]));
      const met = verdicts.filter((c) => c!.met).length;
      const figure = (c: TargetCell | undefined) =>
        // A miss gets a third decimal: 0.796 against "≥ 0.8" must not read as 0.80.
        c?.met === false
          ? `**${show(c.value, MISSED_DIGITS)}**`
          : c?.met === null
            ? `(${show(c.value)})`
            : show(c?.value);
      out.push(
        `| ${target.what} | ${target.goal} | ${cell.n ?? ""} | ${perRun.map(figure).join(" | ")} | ${show(
          spread(values)?.median,
        )} | ${verdicts.length ? `${met} of ${verdicts.length}` : "not judged"} |`,
      );
    }
  }
  return out.join("\n");
}
