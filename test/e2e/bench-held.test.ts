// The large room's row in the report: the first broadcast apart from the ones after it, and
// runs from before the later ones were timed still read.
import { describe, expect, it } from "vitest";
import { heldRow } from "../../bench/report/markdown.js";

const connect = { ok: 10000, connectsPerSecond: 1189, idleKbPerConnection: 58.4 };

describe("the large room's row", () => {
  it("gives the first broadcast, then the median and range of the later ones", () => {
    // Later: 290, 303.4, 331.6, 342.7; their median is (303.4 + 331.6) ÷ 2 = 317.5.
    const row = heldRow("parlor", {
      connect,
      broadcast: { reached: 10000, ms: 561, eachMs: [561, 331.6, 303.4, 342.7, 290] },
    });
    expect(row).toEqual(["parlor", "10000", "1189", "58.4", "10000", "561", "318 (290–343)"]);
  });

  it("reads a run that timed one broadcast", () => {
    const row = heldRow("minimal", { connect, broadcast: { reached: 10000, ms: 250.1 } });
    expect(row).toEqual(["minimal", "10000", "1189", "58.4", "10000", "250.1", "–"]);
  });
});
