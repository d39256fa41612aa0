import { describe, expect, it } from "vitest";
import { demoDataset } from "../../src/data/index.js";
import { rfmSummary } from "../../src/lifecycle/index.js";

describe("rfmSummary is bit-for-bit repeatable", () => {
  it("gives identical monetary values with one thread and with two", async () => {
    // Parallel double sums add in a varying order; the DECIMAL sums must make thread count irrelevant.
    const summaries = [];
    for (const threads of [1, 2, 2]) {
      const ds = await demoDataset({ customers: 20_000, seed: 3, threads });
      try {
        summaries.push(await rfmSummary(ds, { calibrationEnd: "2026-09-30", unit: "weeks", perCoveredMonth: true }));
      } finally {
        ds.close();
      }
    }
    const [one, two, again] = summaries;
    expect(one.monetaryValue.length).toBeGreaterThan(10_000);
    expect(Buffer.from(two.monetaryValue.buffer)).toEqual(Buffer.from(one.monetaryValue.buffer));
    expect(Buffer.from(again.monetaryValue.buffer)).toEqual(Buffer.from(one.monetaryValue.buffer));
  });
});
