import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../src/data/index.js";
import { ParameterError } from "../../src/errors/index.js";
import { averageLifetime, churnByPeriod, churnDefinitionsTable, churnRates } from "../../src/lifecycle/index.js";
import { tinyBusiness } from "./fixture.js";

describe("churn definitions", () => {
  it("100 start, 30 new, 110 end: the definitions side by side", () => {
    // lost = 100 + 30 - 110 = 20.
    const rates = churnRates({ startCustomers: 100, newCustomers: 30, endCustomers: 110 });
    expect(rates.lost).toBe(20);
    expect(rates.lost_over_start).toBe(0.2); // 20 / 100
    expect(rates.lost_over_average).toBeCloseTo(20 / 105, 15); // average (100 + 110) / 2 = 105 -> 19.05%
    expect(rates.lost_over_start_plus_new).toBeCloseTo(20 / 130, 15); // 15.38%
    expect(rates.start_cohort_lost_over_start).toBe(0.2);
    // If 5 of the 30 new customers also left, 15 of the start customers left: 15%.
    expect(churnRates({ startCustomers: 100, newCustomers: 30, endCustomers: 110, lostFromStart: 15 }).start_cohort_lost_over_start).toBe(0.15);
    expect(churnDefinitionsTable({ startCustomers: 100, newCustomers: 30, endCustomers: 110 }).numRows()).toBe(4);
  });
  it("rejects impossible counts", () => {
    expect(() => churnRates({ startCustomers: 10, newCustomers: 0, endCustomers: 11 })).toThrow(ParameterError);
  });
  it("average lifetime = 1 / (1 - r)", () => {
    expect(averageLifetime(0.7)).toBeCloseTo(3.3333333, 6); // DOMAIN.md: 70% -> 3.3 months
    expect(() => averageLifetime(1)).toThrow(ParameterError);
  });
});

describe("churnByPeriod", () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await tinyBusiness();
  });
  afterAll(() => ds.close());

  it("counts user and revenue churn per month", async () => {
    const rows = (await churnByPeriod(ds, { asOf: "2026-03-31" })).objects() as Record<string, number | string | null>[];
    // Jan: a 100, b 50 (both new). Feb: a 120, c 100 (new); b lost (50 churned), a expands +20.
    // Mar: a 100, b 20 (reactivated), c 100; start {a, c} = 220; a contracts 20, c flat.
    expect(rows.map((r) => r.period)).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(rows[0]).toMatchObject({ start_customers: 0, end_customers: 2, new_customers: 2, user_churn: null });
    expect(rows[1]).toMatchObject({
      start_customers: 2, end_customers: 2, new_customers: 1, lost_customers: 1, reactivated_customers: 0,
      starting_revenue: 150, churned_revenue: 50, expansion_revenue: 20, contraction_revenue: 0, new_revenue: 100,
    });
    expect(rows[1].user_churn).toBe(0.5);
    expect(rows[1].gross_revenue_churn).toBeCloseTo(50 / 150, 12);
    expect(rows[1].net_revenue_churn).toBeCloseTo(30 / 150, 12); // (50 - 20) / 150
    expect(rows[2]).toMatchObject({ start_customers: 2, end_customers: 3, reactivated_customers: 1, lost_customers: 0, contraction_revenue: 20 });
    expect(rows[2].gross_revenue_churn).toBeCloseTo(20 / 220, 12);
  });
});
