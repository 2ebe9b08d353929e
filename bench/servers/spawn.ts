// Starting a server under test in its own process (pinned to core 0 when the machine has two
// or more, the load generator taking core 1), and stopping it with everything it started.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { processTree } from "../load/proc.js";

export const canPin = os.availableParallelism() >= 2 && fs.existsSync("/usr/bin/taskset");

/** `command` prefixed with taskset when pinning is possible. */
export function pinned(core: number, command: string, args: string[]): [string, string[]] {
  return canPin ? ["taskset", ["-c", String(core), command, ...args]] : [command, args];
}

export interface Started {
  child: ChildProcess;
  /** The first line on stdout matching `ready`, or rejects when the process exits first. */
  ready: Promise<RegExpExecArray>;
  output: () => string;
}

export function startProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 120_000,
): Started {
  const [cmd, argv] = pinned(0, command, args);
  const child = spawn(cmd, argv, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  const promise = new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${command}: not ready after ${timeoutMs} ms\n${log}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
      const match = ready.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before it was ready\n${log}`));
    });
  });
  return { child, ready: promise, output: () => log };
}

/** SIGTERM to the process group, SIGKILL to whatever of the tree is left after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const tree = processTree(child.pid);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
