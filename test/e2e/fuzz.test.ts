// Property-based fuzzing of every dialect (a small count here; `npm run fuzz` runs 10,000 frames
// per dialect). Parlor runs as `npm start` in its own process so workerd's log can be read:
// no uncaught exception, every invalid frame refused or closed, bystanders served in order,
// and the room's log holding exactly the accepted messages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects } from "../reliability/fuzz/dialects.js";
import { fuzzDialect } from "../reliability/fuzz/harness.js";
import { ParlorProcess } from "../reliability/parlor-process.js";

const FRAMES = 100;
let parlor: ParlorProcess;

beforeAll(async () => {
  parlor = await ParlorProcess.start({
    env: { RATE_LIMIT_PER_SECOND: "1000000", RATE_LIMIT_BURST: "1000000" },
  });
});
afterAll(async () => {
  await parlor?.stop();
});

describe("fuzzing every dialect", () => {
  for (const dialect of dialects) {
    it(`${dialect.name}: ${FRAMES} generated frames, each accepted, refused or closed as the protocol says`, async () => {
      const totals = await fuzzDialect(dialect, { base: parlor.ws, frames: FRAMES });
      expect(totals.failure).toBeNull();
      expect(totals.frames).toBe(FRAMES);
      expect(totals.refused).toBeGreaterThan(0);
      expect(totals.accepted).toBeGreaterThan(0);
      expect(totals.closed).toBeGreaterThanOrEqual(2);
      expect(totals.bystanderSeen).toBe(totals.expectedSeen);
      if (dialect.chat) expect(totals.storedFound).toBe(totals.storedExpected);
      expect(parlor.crashes()).toEqual([]);
    });
  }
});
