// What `serve` needs before it can start workerd: the Worker bundle, and the Miniflare options
// wrangler derives from wrangler.jsonc (bindings, compatibility date, vars). `npm start` makes
// them in its prestart step (cli/build.ts) so its long-running process never loads esbuild or
// wrangler (wrangler alone adds ~100 MB to a Node process); tests make them on the fly.
import fs from "node:fs";
import path from "node:path";

export interface Prepared {
  scriptPath: string;
  /** Whether this preparation (re)built the web app in dist/web. */
  webBuilt?: boolean;
  workerOptions: Record<string, unknown> & { bindings?: Record<string, unknown> };
}

const OPTIONS_FILE = "worker-options.json";

export async function prepare(outDir: string, root = process.cwd()): Promise<Prepared> {
  fs.mkdirSync(outDir, { recursive: true });
  const { buildWorker } = await import("./build.js");
  const { buildWebApp } = await import("./build-web.js");
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const scriptPath = await buildWorker(outDir, root);
  // The web app's static files (dist/web, served through `assets` in wrangler.jsonc).
  const web = await buildWebApp(root);
  // The bindings, compatibility date and vars come from wrangler.jsonc, exactly as deployed.
  const { workerOptions } = unstable_getMiniflareWorkerOptions(
    path.join(root, "wrangler.jsonc"),
    undefined,
    { overrides: { enableContainers: false } },
  );
  return {
    scriptPath,
    webBuilt: web.built,
    workerOptions: workerOptions as Prepared["workerOptions"],
  };
}

/** Writes a prepared Worker to `outDir` for a later `loadPrepared` (plain data only). */
export async function savePrepared(outDir: string, root = process.cwd()): Promise<Prepared> {
  const prepared = await prepare(outDir, root);
  const json = JSON.stringify(prepared.workerOptions, (key, value) => {
    if (typeof value === "function") throw new Error(`worker option ${key} is not plain data`);
    return value;
  });
  fs.writeFileSync(path.join(outDir, OPTIONS_FILE), json);
  if (prepared.webBuilt) console.log("Built the web app into dist/web");
  return prepared;
}

export function loadPrepared(outDir: string): Prepared {
  const workerOptions = JSON.parse(fs.readFileSync(path.join(outDir, OPTIONS_FILE), "utf8"));
  return { scriptPath: path.join(outDir, "worker.js"), workerOptions };
}
