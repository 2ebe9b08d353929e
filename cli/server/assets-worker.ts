// The web app's files, served locally beside the Worker rather than in front of it.
//
// Given wrangler.jsonc's `assets`, Miniflare puts two extra Workers in front of ours (an RPC
// proxy and the assets router), so every request, every WebSocket included, crosses both before
// it reaches the Worker, and each crossing holds its own copy of the socket's pipeline. Measured
// at 1,000 sockets in one room, with and without them: +0.5 ms of CPU per connect and +78 KB per
// open socket. On Cloudflare the same routing is done by the platform at no such cost.
//
// So locally the files get a Worker of their own (`ASSETS_WORKER`), reached two ways, which
// together route as `run_worker_first` does in production:
// - requests for a path the build wrote (dist/web's top-level files and folders) go to it
//   directly, by Miniflare `routes`;
// - everything else reaches Parlor's Worker first, with nothing in between, and `env.ASSETS` is
//   a service binding to the files' Worker (the Worker asks it for `/`'s app shell).
import fs from "node:fs";

export const ASSETS_WORKER = "parlor-assets";

/** The files' Worker: a file, or the same JSON 404 the Worker gives (src/worker/http.ts). */
const FILES_SCRIPT = `export default {
  async fetch(request, env) {
    const response = await env.FILES.fetch(request);
    if (response.status !== 404) return response;
    const path = new URL(request.url).pathname;
    return Response.json({ error: "not found", path, see: "/" }, { status: 404 });
  },
};`;

interface AssetsOption {
  directory: string;
  binding?: string;
}

/** Splits wrangler's Worker options into Parlor's (no assets) and the files' Worker, if any. */
export function assetsBeside(workerOptions: Record<string, unknown>): {
  worker: Record<string, unknown>;
  /** The service binding that stands in for the assets binding (e.g. `{ ASSETS: … }`). */
  binding: Record<string, string>;
  assetsWorker: Record<string, unknown> | null;
} {
  const { assets, ...worker } = workerOptions as { assets?: AssetsOption };
  if (!assets?.directory) return { worker, binding: {}, assetsWorker: null };
  return {
    worker,
    binding: assets.binding ? { [assets.binding]: ASSETS_WORKER } : {},
    assetsWorker: {
      name: ASSETS_WORKER,
      modules: true,
      // Miniflare's routes (and service bindings) reach a Worker's own script, not its router.
      script: FILES_SCRIPT,
      compatibilityDate: workerOptions.compatibilityDate,
      assets: { directory: assets.directory, binding: "FILES" },
      routes: builtPaths(assets.directory),
    },
  };
}

/** Miniflare routes for what the web build wrote: `*\/assets/*`, `*\/favicon.svg`, … */
function builtPaths(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? `*/${entry.name}/*` : `*/${entry.name}`));
}
