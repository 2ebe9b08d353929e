// Runs the load generator in its own process (on core 1 when pinning is possible) and collects
// its per-phase results.
import { spawn } from "node:child_process";
import path from "node:path";
import { pinned } from "../servers/spawn.js";
import type { Phase, Plan } from "./plan.js";

export interface PhaseResult {
  phase: Phase;
  result: Record<string, unknown>;
}

export async function runPlan(built: string, plan: Plan): Promise<PhaseResult[]> {
  const [command, args] = pinned(1, process.execPath, [
    path.join(built, "load.mjs"),
    JSON.stringify(plan),
  ]);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-10_000);
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const results = out
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as PhaseResult);
  if (code !== 0)
    throw new Error(`load generator exited ${code} after ${results.length} phases\n${err}`);
  return results;
}
