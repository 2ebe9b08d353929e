// Bundles the benchmark's own processes to plain JavaScript, so nothing under measurement (and
// not the load generator either) runs a TypeScript loader: the load generator, the workerd host
// of the baseline Workers, the Node servers, and the baseline Workers themselves. It also runs
// `npm start`'s own build step (prestart) once, so each Parlor launch skips it.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { build } from "esbuild";
import { NODE_BUNDLE, WORKERD_BUNDLE } from "../cli/server/build.js";

export async function buildBench(outDir: string, root = process.cwd()): Promise<string> {
  const bench = path.join(root, "bench");
  await build({
    entryPoints: {
      load: path.join(bench, "load/main.ts"),
      "workerd-host": path.join(bench, "servers/workerd-host.ts"),
      "node-ws": path.join(bench, "servers/node-ws.ts"),
      socketio: path.join(bench, "servers/socketio.ts"),
    },
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    ...NODE_BUNDLE,
  });
  await build({
    entryPoints: ["minimal", "tutorial", "partyserver", "stored", "stored-parlor-writes"].map(
      (name) => path.join(bench, `servers/workers/${name}.js`),
    ),
    outdir: path.join(outDir, "workers"),
    ...WORKERD_BUNDLE,
  });
  execFileSync("npm", ["run", "prestart", "--silent"], { cwd: root, stdio: "inherit" });
  return outDir;
}
