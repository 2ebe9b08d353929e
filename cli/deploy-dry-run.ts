// CI's proof of the deploy bundle: `wrangler deploy --dry-run` without Docker.
// With a `containers` entry that points at a Dockerfile, wrangler's dry run builds the image and
// fails where no Docker engine runs. The Worker bundle does not depend on the image, so we dry-run
// a copy of wrangler.jsonc without `containers` (written next to it, so every relative path in it
// still resolves) and delete the copy afterwards. `npm run deploy` uses wrangler.jsonc unchanged.
import fs from "node:fs";
import path from "node:path";
import { experimental_readRawConfig } from "wrangler";
import { repoRoot as root, runPackageBin } from "./server/package-bin.js";

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
  const result = runPackageBin(
    "wrangler",
    ["deploy", "--dry-run", "--config", copy, "--outdir", outdir, ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  process.exitCode = result.status ?? 1;
} finally {
  fs.rmSync(copy, { force: true });
}
