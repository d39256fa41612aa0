import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../src/data/index.js";
import { ParameterError } from "../../src/errors/index.js";
import { averageRetentionCurve, cohortRetention } from "../../src/lifecycle/index.js";
import { tinyBusiness } from "./fixture.js";

describe("cohortRetention", () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await tinyBusiness();
  });
  afterAll(() => ds.close());

  it("builds the monthly acquisition triangle with customer, revenue and activity retention", async () => {
    const rows = (await cohortRetention(ds, { asOf: "2026-03-31", period: "month" })).objects() as Record<string, unknown>[];
    // Cohort 2026-01 = {a, b}, first-month revenue 100 + 50 = 150; 2026-02 = {c}, 80 + 20 = 100.
    // Jan k1: only a (120) -> retention 1/2, net 120/150 = 0.8, gross min(120,100)/150 = 2/3.
    // Jan k2: a 100, b 20 -> retention 1, net 120/150 = 0.8, gross (100 + 20)/150 = 0.8.
    // Activity: Jan k0 a, k1 nobody, k2 a -> 0.5, 0, 0.5; Feb k0 c -> 1, k1 nobody -> 0.
    expect(rows.map((r) => [r.cohort, r.period_index, r.cohort_size, r.retained_customers])).toEqual([
      ["2026-01", 0, 2, 2],
      ["2026-01", 1, 2, 1],
      ["2026-01", 2, 2, 2],
      ["2026-02", 0, 1, 1],
      ["2026-02", 1, 1, 1],
    ]);
    expect(rows.map((r) => r.customer_retention)).toEqual([1, 0.5, 1, 1, 1]);
    expect(rows[1].net_revenue_retention).toBeCloseTo(0.8, 12);
    expect(rows[1].gross_revenue_retention).toBeCloseTo(2 / 3, 12);
    expect(rows[2].gross_revenue_retention).toBeCloseTo(0.8, 12);
    expect(rows.map((r) => r.activity_retention)).toEqual([0.5, 0, 0.5, 1, 0]);
    expect(rows[0].cohort_start).toBe("2026-01-01");
  });

  it("cohorts by a customer column align each customer on their own start", async () => {
    const rows = (await cohortRetention(ds, { asOf: "2026-03-31", cohortBy: "acquisition_channel" })).objects() as Record<string, unknown>[];
    const email = rows.filter((r) => r.cohort === "email_newsletter");
    // email = a (Jan, observable k0..2), c (Feb, k0..1): k1 size 2, a 120 + c 100 retained;
    // starting revenue 100 + 100 = 200 -> net 220/200 = 1.1, gross (100 + 100)/200 = 1. k2 size 1 (a).
    expect(email.map((r) => [r.period_index, r.cohort_size, r.retained_customers])).toEqual([[0, 2, 2], [1, 2, 2], [2, 1, 1]]);
    expect(email[1].net_revenue_retention).toBeCloseTo(1.1, 12);
    expect(email[1].gross_revenue_retention).toBeCloseTo(1, 12);
  });

  it("cohorts by the first order's promotion", async () => {
    const rows = (await cohortRetention(ds, { asOf: "2026-03-31", cohortBy: "first_order_promo" })).objects() as Record<string, unknown>[];
    // b's first order used SPRING; a and c started without one (c used SPRING only later).
    expect(rows.filter((r) => r.period_index === 0).map((r) => [r.cohort, r.cohort_size])).toEqual(
      expect.arrayContaining([["SPRING", 1], ["(none)", 2]]),
    );
  });

  it("never exceeds 100% customer retention and the k=0 sizes sum to the paying customers", async () => {
    for (const period of ["week", "month", "quarter", "year"] as const) {
      const rows = (await cohortRetention(ds, { asOf: "2026-03-31", period })).objects() as Record<string, number>[];
      for (const r of rows) expect(r.customer_retention).toBeLessThanOrEqual(1);
      expect(rows.filter((r) => r.period_index === 0).reduce((s, r) => s + r.cohort_size, 0)).toBe(3);
    }
  });

  it("yearly cohorts (for annual prepayment): one 2026 cohort of 3, all paying in year 0", async () => {
    // All first orders fall in 2026: cohort '2026', k = 0 only (asOf is in the same year);
    // first-year revenue 100 + 120 + 100 + 50 + 20 + 80 + 20 + 100 = 590, net retention 590/590 = 1.
    const rows = (await cohortRetention(ds, { asOf: "2026-03-31", period: "year" })).objects() as Record<string, unknown>[];
    expect(rows.map((r) => [r.cohort, r.period_index, r.cohort_size, r.retained_customers, r.cohort_start])).toEqual([["2026", 0, 3, 3, "2026-01-01"]]);
    expect(rows[0].starting_revenue).toBe(590);
  });

  it("rejects unknown cohort columns and periods", async () => {
    await expect(cohortRetention(ds, { asOf: "2026-03-31", cohortBy: "nope" })).rejects.toThrow(ParameterError);
    await expect(cohortRetention(ds, { asOf: "2026-03-31", period: "day" as never })).rejects.toThrow(ParameterError);
  });
});

describe("averageRetentionCurve", () => {
  it("weights by cohort size and reports the spread", async () => {
    const ds = await tinyBusiness();
    try {
      const curve = averageRetentionCurve(await cohortRetention(ds, { asOf: "2026-03-31" })).objects() as Record<string, number>[];
      // k1: Jan 0.5 (size 2), Feb 1 (size 1) -> weighted (1 + 1)/3 = 2/3; min 0.5, max 1, median 0.75.
      expect(curve[1].mean).toBeCloseTo(2 / 3, 12);
      expect([curve[1].min, curve[1].median, curve[1].max, curve[1].cohorts]).toEqual([0.5, 0.75, 1, 2]);
      // k2: only Jan (1.0).
      expect(curve[2]).toMatchObject({ period_index: 2, mean: 1, cohorts: 1 });
    } finally {
      ds.close();
    }
  });
});
