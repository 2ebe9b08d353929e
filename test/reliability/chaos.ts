// `npm run chaos [-- --clients 200 --rooms 5 --kills 3 --graceful 3 --every 5000]`: SDK clients send steadily
// while the `npm start` process group is SIGKILLed, then stopped gracefully, and restarted on the
// same state; prints the counts docs/reliability.md quotes. Exit code 1 unless all are zero.
import { parseArgs } from "node:util";
import { runChaos } from "./chaos/run.js";
import { ParlorProcess } from "./parlor-process.js";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "200" },
    rooms: { type: "string", default: "5" },
    kills: { type: "string", default: "3" },
    graceful: { type: "string", default: "3" },
    /** Each client sends a message every this many ms (with jitter). */
    every: { type: "string", default: "5000" },
  },
});
const restarts = [
  ...Array<"kill">(Number(values.kills)).fill("kill"),
  ...Array<"graceful">(Number(values.graceful)).fill("graceful"),
];
const parlor = (await ParlorProcess.start()).stopOnExit();
console.log(`chaos: Parlor on ${parlor.http} (state in ${parlor.stateDir})`);
let failed = true;
try {
  const report = await runChaos({
    parlor,
    clients: Number(values.clients),
    rooms: Number(values.rooms),
    restarts,
    sendEveryMs: Number(values.every),
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `chaos total: ${report.clients} clients, ${report.rooms} rooms, restarts [${report.restarts.join(", ")}]; ` +
      `${report.acked}/${report.sent} acked (${report.unacked} still queued); acked lost ${report.ackedLost}, shown twice ${report.shownTwice}, ` +
      `logs differing ${report.logsDiffer}, stored twice ${report.storedTwice}; ` +
      `reconnect median ${report.reconnectMedianMs} ms, worst ${report.reconnectWorstMs} ms ` +
      `(after the server was ready: median ${report.afterReadyMedianMs} ms, worst ${report.afterReadyWorstMs} ms)`,
  );
  failed =
    report.ackedLost + report.shownTwice + report.logsDiffer + report.storedTwice > 0 ||
    report.acked === 0;
} finally {
  await parlor.stop();
}
const crashes = parlor.crashes();
console.log(`workerd uncaught exceptions: ${crashes.length}`);
for (const line of crashes.slice(0, 20)) console.log(`  ${line}`);
process.exit(failed || crashes.length > 0 ? 1 : 0);
