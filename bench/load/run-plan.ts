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

/**
 * `onPhase` hears each phase's result as soon as the generator prints it, while the next phase
 * may already be running (a profile can start once the sockets are in).
 */
export async function runPlan(
  built: string,
  plan: Plan,
  onPhase?: (result: PhaseResult) => void,
): Promise<PhaseResult[]> {
  const [command, args] = pinned(1, process.execPath, [
    path.join(built, "load.mjs"),
    JSON.stringify(plan),
  ]);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  const results: PhaseResult[] = [];
  let partial = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines.filter((l) => l.startsWith("{"))) {
      const result = JSON.parse(line) as PhaseResult;
      results.push(result);
      onPhase?.(result);
    }
  });
  child.stderr.on("data", (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-10_000);
  });
  // "close", not "exit": the last lines may still be in the pipe when the process exits.
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (code !== 0)
    throw new Error(`load generator exited ${code} after ${results.length} phases\n${err}`);
  return results;
}
