// `npm run fuzz [-- --frames N] [-- --seed S] [-- --only parlor,hub]`: fuzzes every dialect of a
// Parlor started exactly as `npm start` runs it, then prints the totals docs/reliability.md quotes
// and every uncaught exception workerd logged (there must be none). Exit code 1 on any failure.
import { parseArgs } from "node:util";
import { dialects } from "./fuzz/dialects.js";
import { FUZZ_ENV, type FuzzTotals, fuzzDialect } from "./fuzz/harness.js";
import { ParlorProcess } from "./parlor-process.js";

const { values } = parseArgs({
  options: {
    frames: { type: "string", default: "10000" },
    seed: { type: "string" },
    only: { type: "string" },
  },
});
const frames = Number(values.frames);
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
const only = values.only?.split(",");

// Rate limits out of the way (the fuzzer sends as fast as the server answers),
// retention above what it stores (a clientId is only recognised as a resend while its first
// message is retained) and no idle timeout during a run: see FUZZ_ENV.
const parlor = (await ParlorProcess.start({ env: FUZZ_ENV })).stopOnExit();
console.log(`fuzz: ${frames} frames per dialect, seed ${seed}, Parlor on ${parlor.http}`);
const results: FuzzTotals[] = [];
try {
  for (const [index, dialect] of dialects.entries()) {
    if (only && !only.includes(dialect.name)) continue;
    const started = Date.now();
    const totals = await fuzzDialect(dialect, { base: parlor.ws, frames, seed: seed + index });
    results.push(totals);
    const s = ((Date.now() - started) / 1000).toFixed(0);
    console.log(
      `${dialect.name.padEnd(10)} ${totals.frames} frames (${totals.text} text, ${totals.binary} binary) in ${s} s: ` +
        `${totals.accepted} accepted, ${totals.refused} refused with an error frame, ${totals.closed} closed (1009/1007); ` +
        `bystander saw ${totals.bystanderSeen}/${totals.expectedSeen}` +
        (totals.storedExpected !== null
          ? `; stored ${totals.storedFound}, expected ${totals.storedExpected}`
          : "") +
        (totals.failure ? `\n  FAILED: ${totals.failure}` : ""),
    );
  }
} finally {
  await parlor.stop();
}
const crashes = parlor.crashes();
console.log(`workerd uncaught exceptions: ${crashes.length}`);
for (const line of crashes.slice(0, 20)) console.log(`  ${line}`);
const failed = results.filter((r) => r.failure).length;
console.log(
  `fuzz total: ${results.reduce((n, r) => n + r.frames, 0)} frames, ${failed} dialect(s) failed, seed ${seed}`,
);
process.exit(failed > 0 || crashes.length > 0 ? 1 : 0);
