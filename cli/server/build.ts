// Bundles the Worker (src/worker/index.ts and everything it imports) into one ES module
// for workerd. wrangler does the same on deploy; locally we do it ourselves so `npm start`
// can run plain workerd through Miniflare without wrangler's dev proxy in front.
import path from "node:path";
import type { BuildOptions } from "esbuild";

/** esbuild options for code that runs in workerd (the Worker, the benchmark's rooms). */
export const WORKERD_BUNDLE: BuildOptions = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["module", "main"],
  external: ["cloudflare:*", "node:*"],
  logLevel: "warning",
};

/** esbuild options for Node programs run with plain node (npm start, the benchmark's parts). */
export const NODE_BUNDLE: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
};

export async function buildWorker(outDir: string, root = process.cwd()): Promise<string> {
  const outfile = path.join(outDir, "worker.js");
  // Loaded on demand: `npm start`'s own process never needs esbuild (see cli/build.ts).
  const { build } = await import("esbuild");
  await build({
    entryPoints: [path.join(root, "src/worker/index.ts")],
    outfile,
    ...WORKERD_BUNDLE,
    sourcemap: "linked",
  });
  return outfile;
}
