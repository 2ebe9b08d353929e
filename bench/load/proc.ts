// CPU time and resident memory of process trees, read from /proc (Linux only).
import fs from "node:fs";

const TICKS_PER_SECOND = 100;

export interface ProcessSample {
  pid: number;
  name: string;
  /** user + system CPU seconds so far */
  cpuSeconds: number;
  rssBytes: number;
}

function read(pid: number): ProcessSample | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const rssBytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    return { pid, name, cpuSeconds, rssBytes };
  } catch {
    return null;
  }
}

function parentOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return -1;
  }
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const all = fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
  const children = new Map<number, number[]>();
  for (const pid of all) {
    const parent = parentOf(pid);
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0 && tree.length < 10_000) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

export function sampleTree(pids: number[]): ProcessSample[] {
  return pids.map(read).filter((s): s is ProcessSample => s !== null);
}

export interface TreeTotals {
  at: number;
  cpuSeconds: number;
  rssBytes: number;
  processes: ProcessSample[];
}

export function totals(pids: number[]): TreeTotals {
  const processes = sampleTree(pids);
  return {
    at: performance.now(),
    cpuSeconds: processes.reduce((sum, p) => sum + p.cpuSeconds, 0),
    rssBytes: processes.reduce((sum, p) => sum + p.rssBytes, 0),
    processes,
  };
}

/** CPU use between two samples, in percent of one core. */
export function cpuPercent(a: TreeTotals, b: TreeTotals): number {
  const seconds = (b.at - a.at) / 1000;
  return seconds > 0 ? Math.round((100 * (b.cpuSeconds - a.cpuSeconds)) / seconds) : 0;
}
