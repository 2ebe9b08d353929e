// Runs a dependency's command-line script with this Node, from the repo root: no shell, no
// `npx` lookup, and the version is the one package-lock.json pins.
import { type SpawnSyncOptions, type SpawnSyncReturns, spawnSync } from "node:child_process";
import path from "node:path";

/** The repo root (this file is cli/server/package-bin.ts). */
export const repoRoot = path.resolve(import.meta.dirname, "../..");

/** Scripts by package: the path of each under node_modules. */
const BINS = {
  vite: "vite/bin/vite.js",
  wrangler: "wrangler/bin/wrangler.js",
} as const;

export function runPackageBin(
  bin: keyof typeof BINS,
  args: string[],
  options: SpawnSyncOptions & { root?: string } = {},
): SpawnSyncReturns<string> {
  const { root = repoRoot, ...rest } = options;
  const env =
    bin === "wrangler" ? { ...process.env, WRANGLER_SEND_METRICS: "false", ...rest.env } : rest.env;
  return spawnSync(process.execPath, [path.join(root, "node_modules", BINS[bin]), ...args], {
    cwd: root,
    encoding: "utf8",
    ...rest,
    env,
  }) as SpawnSyncReturns<string>;
}
