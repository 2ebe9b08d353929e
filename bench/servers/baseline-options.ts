// How a baseline Worker (bench/servers/workers/*.js) runs in workerd through Miniflare, the same
// runner `npm start` uses: its Durable Object class `Room` on SQLite, persisted in `stateDir`.
// Shared by the benchmark's host process and `bench/profile.ts --minimal`.
import { Log, LogLevel, type MiniflareOptions } from "miniflare";

export function baselineOptions(scriptPath: string, stateDir: string): MiniflareOptions {
  return {
    host: "127.0.0.1",
    port: 0,
    // As `npm start`: the placeholder `request.cf`, not one fetched from Cloudflare at start (this
    // machine has no network; the fetch failed with a DNS error on every baseline's start).
    cf: false,
    log: new Log(LogLevel.WARN),
    // As `npm start`: no request log (each line is a loopback HTTP call from workerd to Node).
    logRequests: false,
    modules: true,
    scriptPath,
    compatibilityDate: "2026-04-20",
    compatibilityFlags: ["nodejs_compat"],
    durableObjects: { Room: { className: "Room", useSQLite: true } },
    durableObjectsPersist: stateDir,
  };
}
