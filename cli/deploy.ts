// `npm run deploy`: `wrangler deploy`, after checking that production has an AUTH_SECRET.
// Without it the deployment runs in open mode: anyone can take any name. We warn loudly (and go
// on: open mode is a legitimate choice for a demo), never put the secret in wrangler.jsonc.
import { runPackageBin } from "./server/package-bin.js";

const extra = process.argv.slice(2);

function banner(lines: string[]): void {
  const bar = "!".repeat(78);
  console.error(`\n${bar}\n${lines.map((l) => `!!  ${l}`).join("\n")}\n${bar}\n`);
}

const listed = runPackageBin("wrangler", ["secret", "list", "--format", "json", ...extra]);
let names: string[] | null = null;
try {
  names = (JSON.parse(listed.stdout) as { name: string }[]).map((s) => s.name);
} catch {
  names = null;
}
if (names === null) {
  banner([
    "Could not list this Worker's secrets, so AUTH_SECRET could not be checked.",
    "Without AUTH_SECRET Parlor runs in OPEN MODE: anyone can use any name.",
    "Set it with: npx wrangler secret put AUTH_SECRET",
  ]);
} else if (!names.includes("AUTH_SECRET")) {
  banner([
    "NO AUTH_SECRET IS CONFIGURED: this deployment will run in OPEN MODE.",
    "Anyone can connect under any name and read that name's direct messages.",
    "Set one first: openssl rand -base64 32 | npx wrangler secret put AUTH_SECRET",
  ]);
}
const deploy = runPackageBin("wrangler", ["deploy", ...extra], { stdio: "inherit" });
process.exitCode = deploy.status ?? 1;
