// The last full runs side by side, from the results committed in git (and the working tree's,
// when it holds a newer run): each target in every run, the median across runs, and how often
// it was met. Nothing is measured.
// Usage: npx tsx bench/history.ts [--last 4]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { historyMarkdown, type RunRecord } from "./report/history.js";

const FILE = "bench/results/latest.json";
const { values } = parseArgs({ options: { last: { type: "string", default: "4" } } });
const last = Number(values.last);
if (!Number.isInteger(last) || last < 1)
  throw new Error(`--last wants a whole number, got ${values.last}`);

const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();

function record(label: string, json: string, server: string): RunRecord | null {
  const run = JSON.parse(json) as RunRecord;
  // Quick runs have one round and fewer sizes: not comparable with full ones.
  if (run.context.settings?.mode !== "full") return null;
  return { label, server, context: run.context, summary: run.summary };
}

const runs: RunRecord[] = [];
const committed = git("log", "--format=%h", "--", FILE).split("\n").filter(Boolean);
for (const commit of committed) {
  const run = record(
    commit,
    git("show", `${commit}:${FILE}`),
    git("rev-parse", "--short", `${commit}:src`),
  );
  if (run) runs.unshift(run);
}
const current = fs.readFileSync(FILE, "utf8");
if (committed.length === 0 || current.trim() !== git("show", `HEAD:${FILE}`)) {
  const srcChanged = git("status", "--porcelain", "--", "src");
  const run = record(
    "working tree",
    current,
    srcChanged ? "changed" : git("rev-parse", "--short", "HEAD:src"),
  );
  if (run) runs.push(run);
}
if (runs.length === 0) throw new Error(`no full run of ${FILE} found`);
console.log(historyMarkdown(runs.slice(-last)));
