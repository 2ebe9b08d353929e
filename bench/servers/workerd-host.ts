// Runs one baseline Worker (bench/servers/workers/*.js, bundled by bench/build.ts) in workerd
// through the Miniflare API, the same runner `npm start` uses, with its Durable Object class
// `Room` on SQLite storage persisted in a temporary directory.
// Usage: node workerd-host.js <bundled worker> <state dir>; prints the port when ready.
import { Miniflare } from "miniflare";
import { baselineOptions } from "./baseline-options.js";

const [scriptPath, stateDir] = process.argv.slice(2);
if (!scriptPath || !stateDir) throw new Error("usage: workerd-host <worker.js> <state dir>");

const miniflare = new Miniflare(baselineOptions(scriptPath, stateDir));
const url = await miniflare.ready;
process.stdout.write(`${url.port}\n`);

const stop = async () => {
  await miniflare.dispose();
  process.exit(0);
};
process.removeAllListeners("SIGTERM");
process.removeAllListeners("SIGINT");
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
