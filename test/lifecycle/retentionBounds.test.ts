import { describe, expect, it } from "vitest";
import { datasetFromRows, demoDataset } from "../../src/data/index.js";
import { cohortRetention } from "../../src/lifecycle/index.js";

describe("coverage never reaches past the analysis date", () => {
  it("a prepayment made in the analysis month counts for that month only", async () => {
    // c1 prepays 12 months on 2026-08-15; asOf 2026-09-30 -> observed months Aug and Sep only.
    const ds = await datasetFromRows({
      customers: [{ customer_id: "c1", signup_date: "2026-08-01" }],
      orders: [{ order_id: "o1", customer_id: "c1", order_date: "2026-08-15", amount: 1200, prepaid: true }],
    });
    try {
      const matrix = await cohortRetention(ds, { asOf: "2026-09-30", period: "month" });
      // period 0 (Aug) and 1 (Sep) observed, each 1,200 / 12 = 100; nothing for Oct onwards
      expect(matrix.array("period_index")).toEqual([0, 1]);
      expect(matrix.array("revenue")).toEqual([100, 100]);
      expect(matrix.array("customer_retention")).toEqual([1, 1]);
    } finally {
      ds.close();
    }
  });

  it("retention stays within [0, 1] for calendar and column cohorts on the demo data", async () => {
    const ds = await demoDataset({ customers: 1000, seed: 7 });
    try {
      for (const cohortBy of [undefined, "acquisition_channel", "plan"] as const) {
        const matrix = await cohortRetention(ds, { asOf: "2026-09-30", period: "month", ...(cohortBy ? { cohortBy } : {}) });
        const retention = matrix.array("customer_retention") as number[];
        expect(retention.length).toBeGreaterThan(10);
        expect(Math.max(...retention)).toBeLessThanOrEqual(1);
        expect(Math.min(...retention)).toBeGreaterThanOrEqual(0);
        const retained = matrix.array("retained_customers") as number[];
        const sizes = matrix.array("cohort_size") as number[];
        retained.forEach((n, i) => expect(n).toBeLessThanOrEqual(sizes[i]));
      }
    } finally {
      ds.close();
    }
  });
});
