// `npm run typecheck`: type-checks every tsconfig in the repo, and fails when a TypeScript file
// under src/ or test/ is in none of them (a new folder must not slip past the checker).
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const tracked = (pattern: string[]) =>
  execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", ...pattern], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\n")
    .filter((f) => f && !f.includes("node_modules/"));

const configs = tracked(["tsconfig*.json", "**/tsconfig*.json"]);
const covered = new Set<string>();
let failed = false;
for (const config of configs) {
  const run = spawnSync(
    path.join(root, "node_modules/.bin/tsc"),
    ["--noEmit", "--listFiles", "-p", config],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  for (const line of run.stdout.split("\n")) {
    if (line.startsWith(root)) covered.add(path.relative(root, line.trim()));
    else if (line.trim()) process.stdout.write(`${line}\n`);
  }
  process.stderr.write(run.stderr);
  if (run.status !== 0) {
    failed = true;
    console.error(`typecheck: ${config} has type errors`);
  }
}
const missed = tracked(["src/**/*.ts", "src/**/*.tsx", "test/**/*.ts", "test/**/*.tsx"]).filter(
  (f) => !covered.has(f),
);
if (missed.length > 0) {
  failed = true;
  console.error(`typecheck: in no tsconfig:\n  ${missed.join("\n  ")}`);
}
console.log(
  `typecheck: ${configs.join(", ")}: ${failed ? "FAILED" : "ok"} (${covered.size} files)`,
);
process.exit(failed ? 1 : 0);
