// Runs one baseline Worker (bench/servers/workers/*.js, bundled by bench/build.ts) in workerd
// through the Miniflare API, the same runner `npm start` uses, with its Durable Object class
// `Room` on SQLite storage persisted in a temporary directory.
// Usage: node workerd-host.js <bundled worker> <state dir>; prints the port when ready.
import { Log, LogLevel, Miniflare } from "miniflare";

const [scriptPath, stateDir] = process.argv.slice(2);
if (!scriptPath || !stateDir) throw new Error("usage: workerd-host <worker.js> <state dir>");

const miniflare = new Miniflare({
  host: "127.0.0.1",
  port: 0,
  log: new Log(LogLevel.WARN),
  // As `npm start`: no request log (each line is a loopback HTTP call from workerd to Node).
  logRequests: false,
  modules: true,
  scriptPath,
  compatibilityDate: "2026-04-20",
  compatibilityFlags: ["nodejs_compat"],
  durableObjects: { Room: { className: "Room", useSQLite: true } },
  durableObjectsPersist: stateDir,
});
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
