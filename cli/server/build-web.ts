// Builds the chat web app (web/ → dist/web, Vite) when its sources changed since the last build.
// `npm start` and the end-to-end tests call this before starting workerd, so the assets it
// serves are always those of the current sources, and an unchanged tree costs one hash.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { runPackageBin } from "./package-bin.js";

/** Everything the bundle is made from: the app, the SDK and protocol it imports, the pins. */
const INPUTS = ["web", "src/client", "src/protocol", "package-lock.json"];
const OUT_DIR = "dist/web";
/** Written after a successful build; outside dist/web so it is never served. */
const STAMP = "dist/web.build-hash";
const LOCK = "dist/web.build-lock";
const LOCK_STALE_MS = 120_000;

export interface WebBuild {
  /** Whether this call ran Vite (false: the existing build matched the sources). */
  built: boolean;
  outDir: string;
}

export async function buildWebApp(root = process.cwd()): Promise<WebBuild> {
  const outDir = path.join(root, OUT_DIR);
  const stamp = path.join(root, STAMP);
  const upToDate = () =>
    fs.existsSync(path.join(outDir, "index.html")) && readOr(stamp) === sourceHash(root);
  if (upToDate()) return { built: false, outDir };

  // Two servers starting at once (parallel test files) must not build into one folder together.
  const release = await lock(path.join(root, LOCK));
  try {
    if (upToDate()) return { built: false, outDir };
    const hash = sourceHash(root);
    // Built beside the old one and swapped in, so a running server never sees a half-built app.
    const fresh = `${outDir}.tmp-${process.pid}`;
    const result = runPackageBin(
      "vite",
      ["build", "--config", "web/vite.config.ts", "--outDir", fresh],
      { root, env: { ...process.env, NODE_ENV: "production" } },
    );
    if (result.status !== 0) {
      fs.rmSync(fresh, { recursive: true, force: true });
      throw new Error(`web app build failed (vite build):\n${result.stderr}${result.stdout}`);
    }
    const old = `${outDir}.old-${process.pid}`;
    if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
    fs.renameSync(fresh, outDir);
    fs.rmSync(old, { recursive: true, force: true });
    fs.writeFileSync(stamp, hash);
    return { built: true, outDir };
  } finally {
    release();
  }
}

/** A hash of every input file's path and contents. */
export function sourceHash(root: string): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    for (const file of listFiles(path.join(root, input))) {
      hash.update(path.relative(root, file));
      hash.update("\0");
      hash.update(fs.readFileSync(file));
      hash.update("\0");
    }
  }
  return hash.digest("hex");
}

function listFiles(entry: string): string[] {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return [entry];
  return fs
    .readdirSync(entry, { withFileTypes: true })
    .filter((child) => child.name !== "node_modules" && !child.name.startsWith("."))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((child) => listFiles(path.join(entry, child.name)));
}

function readOr(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** A directory as a cross-process lock (mkdir is atomic); a lock older than 2 minutes is stale. */
async function lock(dir: string): Promise<() => void> {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      return () => fs.rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (fs.statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > LOCK_STALE_MS || Date.now() > deadline) {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
