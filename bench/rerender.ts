// Rewrites bench/results/latest.md and the README's benchmark section from latest.json, with the
// report code as it is now: for a change to the report or to how targets are judged, without
// measuring again. The figures are the run's own; nothing is re-measured.
// Usage: npx tsx bench/rerender.ts
import fs from "node:fs";
import { markdown, type ReportContext } from "./report/markdown.js";
import { updateReadme } from "./report/readme.js";
import type { Summary } from "./summary.js";
import { checkTargets } from "./targets.js";

const file = "bench/results/latest.json";
const run = JSON.parse(fs.readFileSync(file, "utf8")) as {
  context: ReportContext & { sizes: number[]; resume?: Record<string, unknown> };
  summary: Summary;
  targets: unknown;
  rounds: unknown;
};
const targets = checkTargets(run.summary, run.context.sizes, run.context.resume);
fs.writeFileSync("bench/results/latest.md", markdown(run.summary, run.context, targets));
fs.writeFileSync(file, `${JSON.stringify({ ...run, targets }, null, 1)}\n`);
updateReadme("README.md", run.summary, run.context, targets);
console.log(`rewrote bench/results/latest.md and README.md from ${file}`);
