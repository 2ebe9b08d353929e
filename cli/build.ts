// `npm start`'s prestart: bundles the Worker, resolves wrangler.jsonc into Miniflare options,
// and compiles cli/start.ts to plain JavaScript, all into .parlor/app. `npm start` then runs
// `node .parlor/app/start.mjs`: no TypeScript loader, no esbuild and no wrangler at run time.
import path from "node:path";
import { build } from "esbuild";
import { NODE_BUNDLE } from "./server/build.js";
import { savePrepared } from "./server/prepare.js";

// PARLOR_APP_DIR: another place (the reliability runs build their own copy once per run).
const APP_DIR = path.resolve(process.env.PARLOR_APP_DIR ?? ".parlor/app");

await savePrepared(APP_DIR);
await build({
  entryPoints: [path.resolve("cli/start.ts")],
  outfile: path.join(APP_DIR, "start.mjs"),
  ...NODE_BUNDLE,
});
