import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetFromRows, type Dataset, type Row } from "../../src/data/index.js";
import { accountActivityTrend } from "../../src/lifecycle/index.js";

/** `count` login events for `customer` by `users` users (round robin) on `day`. */
function logins(customer: string, day: string, count: number, users: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({ customer_id: customer, user_id: `${customer}-u${i % users}`, event_date: day, event_type: "login" }));
}

describe("accountActivityTrend", () => {
  let ds: Dataset;
  beforeAll(async () => {
    // asOf 2026-03-31, 2 windows of 30 days: window 0 = 03-02..03-31, window 1 = 01-31..03-01.
    // fade (paying, signed up 2025-01-01): 20 events previous, 4 recent -> ratio 0.2, declining, recovery.
    // trial (never paid, signup 2026-01-15): 12 previous, 6 recent -> 0.5 <= 0.5, declining, conversion.
    // steady (paying, signup 2026-01-01): 10 and 10 -> ratio 1, not declining, early_life.
    // quiet (paying): 3 previous, 0 recent -> below minPreviousEvents 10, not flagged.
    ds = await datasetFromRows({
      customers: [
        { customer_id: "fade", signup_date: "2025-01-01", plan: "pro" },
        { customer_id: "trial", signup_date: "2026-01-15", plan: "starter" },
        { customer_id: "steady", signup_date: "2026-01-01", plan: "pro" },
        { customer_id: "quiet", signup_date: "2025-06-01", plan: "starter" },
      ],
      orders: [
        { order_id: "1", customer_id: "fade", order_date: "2025-01-02", amount: 10 },
        { order_id: "2", customer_id: "steady", order_date: "2026-01-02", amount: 10 },
        { order_id: "3", customer_id: "quiet", order_date: "2025-06-02", amount: 10 },
      ],
      events: [
        ...logins("fade", "2026-02-10", 20, 5),
        ...logins("fade", "2026-03-20", 4, 1),
        ...logins("trial", "2026-02-15", 12, 2),
        ...logins("trial", "2026-03-10", 6, 2),
        ...logins("steady", "2026-02-20", 10, 2),
        ...logins("steady", "2026-03-25", 10, 2),
        ...logins("quiet", "2026-02-01", 3, 1),
      ],
    });
  });
  afterAll(() => ds.close());

  it("flags accounts by the ratio rule and splits conversion from recovery", async () => {
    const rows = (await accountActivityTrend(ds, { asOf: "2026-03-31", windows: 2 })).objects() as Record<string, unknown>[];
    const byId = Object.fromEntries(rows.map((r) => [r.customer_id, r]));
    expect(byId.fade).toMatchObject({ recent_events: 4, previous_events: 20, activity_ratio: 0.2, active_users_recent: 1, active_users_previous: 5, declining: true, segment: "recovery" });
    expect(byId.trial).toMatchObject({ activity_ratio: 0.5, declining: true, segment: "conversion" });
    expect(byId.steady).toMatchObject({ declining: false, segment: "early_life" });
    expect(byId.quiet).toMatchObject({ recent_events: 0, previous_events: 3, declining: false });
  });

  it("slope rule: relative slope of events per window", async () => {
    // 2 windows: t = 0 (previous), 1 (recent); t̄ = 0.5, Sxx = 0.5. fade: slope = (-0.5*20 + 0.5*4)/0.5 = -16,
    // mean 12 -> relative -1.333; steady: 0 -> not declining.
    const rows = (await accountActivityTrend(ds, { asOf: "2026-03-31", windows: 2, rule: "slope" })).objects() as Record<string, unknown>[];
    const byId = Object.fromEntries(rows.map((r) => [r.customer_id, r]));
    expect(byId.fade.relative_slope as number).toBeCloseTo(-16 / 12, 12);
    expect(byId.fade.declining).toBe(true);
    expect(byId.steady.relative_slope).toBe(0);
    expect(byId.steady.declining).toBe(false);
  });

  it("slope rule gates on the busiest earlier window, so a sustained decline is flagged", async () => {
    // 6 windows of 30 days ending 2026-03-31 (window 0 = 03-02..03-31, ..., window 5 = 10-03..11-01).
    // sustained: 12 events in each of windows 5, 4, 3 and 2 in windows 2, 1, 0 (oldest first:
    // 12, 12, 12, 2, 2, 2). t̄ = 2.5, Sxx = 6·35/12 = 17.5, Σ (t − t̄) c = −(2.5 + 1.5 + 0.5)·12 +
    // (0.5 + 1.5 + 2.5)·2 = −45, slope = −45/17.5, mean 7 -> relative slope −45/122.5 ≈ −0.367.
    // The previous window holds 2 events (< 10), the busiest earlier one 12 (>= 10).
    const sustained = await datasetFromRows({
      customers: [{ customer_id: "s", signup_date: "2024-01-01", plan: "pro" }],
      orders: [{ order_id: "1", customer_id: "s", order_date: "2024-01-02", amount: 10 }],
      events: [
        ...logins("s", "2025-10-20", 12, 3), ...logins("s", "2025-11-20", 12, 3), ...logins("s", "2025-12-20", 12, 3),
        ...logins("s", "2026-01-20", 2, 1), ...logins("s", "2026-02-20", 2, 1), ...logins("s", "2026-03-20", 2, 1),
      ],
    });
    try {
      const [slope] = (await accountActivityTrend(sustained, { asOf: "2026-03-31", windows: 6, rule: "slope" })).objects() as Record<string, unknown>[];
      expect(slope).toMatchObject({ previous_events: 2, peak_earlier_events: 12, declining: true, segment: "recovery" });
      expect(slope.relative_slope as number).toBeCloseTo(-45 / 122.5, 12);
      const [ratio] = (await accountActivityTrend(sustained, { asOf: "2026-03-31", windows: 6 })).objects() as Record<string, unknown>[];
      expect(ratio.declining).toBe(false);
    } finally {
      sustained.close();
    }
  });
});
