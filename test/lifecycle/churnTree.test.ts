import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetFromRows, type Dataset, type Row } from "../../src/data/index.js";
import { ParameterError } from "../../src/errors/index.js";
import { churnFeatures, churnTreeBacktest } from "../../src/lifecycle/index.js";

/**
 * 80 accounts signed up 2026-01-01. Even ids: profile 0.9, log in every 10 days all year (never churn).
 * Odd ids: profile 0.2; they log in every 10 days until their own stop day and then go silent:
 * ids 1..39 stop on 2026-06-10 (last login 06-04: active in the lookback at 06-30 and silent in
 * 07-01..07-30 -> churned), ids 41..79 stop on
 * 2026-08-10 (churned in the test horizon after 08-31).
 */
function business(): Partial<Record<"customers" | "orders" | "events", Row[]>> {
  const customers: Row[] = [];
  const events: Row[] = [];
  for (let id = 0; id < 80; id++) {
    const customer_id = `c${String(id).padStart(2, "0")}`;
    const healthy = id % 2 === 0;
    customers.push({ customer_id, signup_date: "2026-01-01", profile_completeness: healthy ? 0.9 : 0.2, plan: "pro" });
    const stop = healthy ? Date.parse("2026-12-31") : Date.parse(id < 40 ? "2026-06-10" : "2026-08-10");
    for (let t = Date.parse("2026-01-05"); t <= stop; t += 10 * 86_400_000) {
      events.push({ customer_id, user_id: `${customer_id}-u`, event_date: new Date(t).toISOString().slice(0, 10), event_type: "login" });
    }
  }
  return { customers, orders: [], events };
}

describe("churn tree", () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await datasetFromRows(business());
  });
  afterAll(() => ds.close());

  it("builds the feature table with labels from the following horizon", async () => {
    const f = await churnFeatures(ds, { snapshot: "2026-06-30", horizonDays: 30 });
    // All 80 were active in the 90 days before 06-30; the 20 odd ids < 40 are silent in 07-01..07-30.
    expect(f.rowCount).toBe(80);
    expect(f.numbers.churned.reduce((s, v) => s + v, 0)).toBe(20);
    const i = f.strings.customer_id.indexOf("c01");
    expect(f.numbers.profile_completeness[i]).toBeCloseTo(0.2, 12);
    // Logins every 10 days from 01-05: the last before the 06-10 stop is 01-05 + 150 days = 06-04 -> 26 days.
    expect(f.numbers.days_since_last_activity[i]).toBe(26);
  });

  it("learns an interpretable rule and evaluates it on a later window", async () => {
    const result = await churnTreeBacktest(ds, { trainSnapshot: "2026-06-30", testSnapshot: "2026-08-31", horizonDays: 30, minLeafSize: 10 });
    // Train: the 20 churners are exactly the accounts silent for 26 days (<= 2 events in 30 days where
    // healthy ones have 3): one split separates them; several features tie and the first column wins.
    expect(result.train.churnRate).toBe(0.25);
    expect(result.rules.map((r) => [r.probability, r.samples])).toEqual([[1, 20], [0, 60]]);
    expect(result.rules[0].text).toBe("if events_30d <= 2 then churn 100% (n = 20)");
    // Test at 08-31: all 80 in scope (ids 1..39 odd last active 06-04, 88 < 90 days before); the 40 odd
    // ids churn, and all of them are quiet now -> perfect AUC, precision and recall.
    expect(result.test.churnRate).toBe(0.5);
    expect(result.calibration.objects()).toMatchObject([{ test_accounts: 40, test_churn_rate: 1 }, { test_accounts: 40, test_churn_rate: 0 }]);
    expect(result.test.auc).toBe(1);
    expect(result.test.recall).toBe(1);
    expect(result.test.precision).toBe(1);
    expect(result.calibration.numRows()).toBe(result.rules.length);
  });

  it("rejects a test snapshot inside the training horizon", async () => {
    await expect(churnTreeBacktest(ds, { trainSnapshot: "2026-06-30", testSnapshot: "2026-07-15", horizonDays: 30 })).rejects.toThrow(ParameterError);
  });
});
