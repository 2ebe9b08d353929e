// `npm run bench`: Parlor side by side with baselines measured in the same run.
//   npm run bench                       fan-out: 1,000 listeners x 100 messages
//   npm run bench -- --listeners 200 --messages 500
//   npm run bench -- --connections 10000   also hold N sockets in one room and report memory
// Figures are ratios against the baselines of this run: these machines are shared and noisy.
import { spawnSync } from "node:child_process";
import { fanout } from "./fanout.js";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const listeners = flag("listeners", 1000);
const messages = flag("messages", 100);
const connections = flag("connections", 0);

const results = await fanout(listeners, messages);
const byTarget = Object.fromEntries(results.map((r) => [r.target, r]));
const parlor = byTarget.parlor!.deliveriesPerSecond;
console.log(`\nfan-out: ${listeners} listeners, one sender, ${messages} messages of ~100 bytes`);
console.table(
  results.map((r) => ({
    target: r.target,
    "deliveries/s": r.deliveriesPerSecond,
    seconds: r.seconds,
    "parlor / this": Number((parlor / r.deliveriesPerSecond).toFixed(2)),
  })),
);

if (connections > 0) {
  console.log(`\nholding ${connections} connections in one room (bench/connections.ts)`);
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", "bench/connections.ts", String(connections)],
    {
      stdio: "inherit",
    },
  );
  if (child.status !== 0) process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
