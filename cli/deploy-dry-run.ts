// CI's proof of the deploy bundle: `wrangler deploy --dry-run` without Docker.
// With a `containers` entry that points at a Dockerfile, wrangler's dry run builds the image and
// fails where no Docker engine runs. The Worker bundle does not depend on the image, so we dry-run
// a copy of wrangler.jsonc without `containers` (written next to it, so every relative path in it
// still resolves) and delete the copy afterwards. `npm run deploy` uses wrangler.jsonc unchanged.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { experimental_readRawConfig } from "wrangler";

const root = path.resolve(import.meta.dirname, "..");
const { rawConfig } = experimental_readRawConfig({ config: path.join(root, "wrangler.jsonc") });
const { containers, $schema, ...rest } = rawConfig as Record<string, unknown>;
void $schema;
const copy = path.join(root, ".wrangler-dry-run.json");
fs.writeFileSync(copy, JSON.stringify(rest, null, 2));
const outdir = path.join(root, ".parlor", "dry-run");
console.log(
  `Dry run without ${Array.isArray(containers) ? containers.length : 0} container image(s); bundle in ${outdir}`,
);
try {
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, "node_modules/wrangler/bin/wrangler.js"),
      "deploy",
      "--dry-run",
      "--config",
      copy,
      "--outdir",
      outdir,
      ...process.argv.slice(2),
    ],
    { stdio: "inherit", cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  process.exitCode = result.status ?? 1;
} finally {
  fs.rmSync(copy, { force: true });
}
