import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetFromRows, type Dataset } from "../../src/data/index.js";
import { evaluateCriteria, explain } from "../../src/criteria/index.js";
import { ParameterError } from "../../src/errors/index.js";
import { AS_OF, FIXTURE, fixtureWithout } from "./fixture.js";

// Every expected number below is derived in fixture.ts's header table.

let dataset: Dataset;
beforeAll(async () => {
  dataset = await datasetFromRows(FIXTURE);
});
afterAll(() => dataset.close());

type Rows = Record<string, unknown>[];
const byCustomer = async (table: string): Promise<Record<string, Record<string, unknown>>> =>
  Object.fromEntries(((await dataset.query(`SELECT * FROM ${table} ORDER BY customer_id`)).objects() as Rows).map((r) => [r.customer_id as string, r]));
const coverageOf = async (evaluation: Awaited<ReturnType<typeof evaluateCriteria>>): Promise<Record<string, number | null>> =>
  Object.fromEntries(((await evaluation.coverage()).objects() as Rows).map((r) => [r.id as string, r.customers as number | null]));

describe("evaluateCriteria on the hand-built fixture", () => {
  it("computes every feature as derived by hand", async () => {
    const evaluation = await evaluateCriteria(dataset, { asOf: AS_OF });
    expect(evaluation.customers).toBe(3);
    const rows = await byCustomer(evaluation.tableName);
    expect(Object.keys(rows)).toEqual(["c1", "c2", "c3"]);
    const pick = (id: string) => {
      const r = rows[id];
      return [r.order_count, r.revenue, r.price_paid_vs_list, r.promo_used, r.prepaid, r.touches_before_purchase, r.sales_touches_before_purchase, r.top_of_funnel_entry,
        r.actual_cac, r.cac_vs_planned, r.self_serve_actions_before_purchase, r.days_to_first_result, r.days_first_touch_to_purchase, r.trial_before_purchase,
        r.latest_nps, r.seat_growth_pct, r.departments, r.positive_reviews, r.paying_referrals];
    };
    expect(pick("c1")).toEqual([2, 200, 1, false, true, 2, 1, true, 50, 0.5, 5, 9, 31, false, 10, 50, 2, 1, 2]);
    expect(pick("c2")).toEqual([1, 80, 0.8, true, false, 2, 2, false, 150, 1.5, 1, 59, 45, true, 9, 0, 1, 0, 0]);
    expect(pick("c3")).toEqual([1, 50, 1, false, false, 0, 0, null, 0, 0, 0, null, 28, false, null, null, 0, 1, 0]);
    expect([rows.c1.ideal_score, rows.c2.ideal_score, rows.c3.ideal_score]).toEqual([7, 2, 4]);
  });

  it("summarises coverage and the UpSet overlap", async () => {
    const evaluation = await evaluateCriteria(dataset, { asOf: AS_OF });
    const coverage = await coverageOf(evaluation);
    expect(coverage).toMatchObject({
      purchase_readiness: 1, voluntary_decision: 3, purchasing_power: 2, success_potential: 2, marketing_effectiveness: 2, expansion_potential: 1, brand_promotion: 2,
      low_touch_purchase: 1, self_served_before_purchase: 1, paid_after_trial: 1, no_promotion: 2, fast_first_result: 1, promoter: 2, fast_conversion: 1, below_planned_cac: 2,
    });
    const overlap = (await evaluation.overlap()).objects() as Rows;
    expect(overlap.map((r) => [r.degree, r.customers])).toEqual([[7, 1], [4, 1], [2, 1]]);
    expect(overlap[2].criteria).toBe("voluntary_decision & success_potential");
    expect((await evaluation.sample(2)).numRows()).toBe(2);
  });

  it("each threshold changes the result as expected", async () => {
    // promoter min 10: c2 (9) drops out; success_potential is then only c1.
    let coverage = await coverageOf(await evaluateCriteria(dataset, { asOf: AS_OF, params: { promoter: { min_score: 10 } } }));
    expect([coverage.promoter, coverage.success_potential]).toEqual([1, 1]);
    // fast_conversion under 32 days: c1 (31) joins c3 (28); c2 (45) does not.
    coverage = await coverageOf(await evaluateCriteria(dataset, { asOf: AS_OF, params: { fast_conversion: { max_days: 32 } } }));
    expect(coverage.fast_conversion).toBe(2);
    // 2 sales touches allowed: c2 still fails top_of_funnel_entry (decision stage) -> 1.
    coverage = await coverageOf(await evaluateCriteria(dataset, { asOf: AS_OF, params: { low_touch_purchase: { max_sales_touches: 2 } } }));
    expect(coverage.low_touch_purchase).toBe(1);
    // min 1 self-serve action: c1 (5) and c2 (1).
    coverage = await coverageOf(await evaluateCriteria(dataset, { asOf: AS_OF, params: { self_served_before_purchase: { min_actions: 1 } } }));
    expect([coverage.self_served_before_purchase, coverage.purchase_readiness]).toEqual([2, 2]);
    // seat growth >= 0 %: c1 (50) and c2 (0); c3 has no snapshots.
    coverage = await coverageOf(await evaluateCriteria(dataset, { asOf: AS_OF, params: { seat_growth: { min_growth_pct: 0 }, multi_department: { min_departments: 1 } } }));
    expect([coverage.seat_growth, coverage.multi_department]).toEqual([2, 2]);
    // 60 days to first result: c1 (9) and c2 (59).
    coverage = await coverageOf(await evaluateCriteria(dataset, { asOf: AS_OF, params: { fast_first_result: { max_days: 60 } } }));
    expect(coverage.fast_first_result).toBe(2);
    // price ratio >= 0.8: all three; CAC ratio < 2: all three; 1 paying referral / 1 positive review unchanged counts.
    coverage = await coverageOf(await evaluateCriteria(dataset, { asOf: AS_OF, params: { full_list_price: { min_price_ratio: 0.8 }, below_planned_cac: { max_ratio: 2 }, paying_referrer: { min_referrals: 1 }, positive_reviewer: { min_reviews: 2 } } }));
    expect([coverage.full_list_price, coverage.below_planned_cac, coverage.paying_referrer, coverage.positive_reviewer]).toEqual([3, 3, 1, 0]);
  });

  it("switches criteria off, weights them and combines cohorts with all-of", async () => {
    const evaluation = await evaluateCriteria(dataset, { asOf: AS_OF, criteria: { brand_promotion: { enabled: false }, success_potential: { weight: 2 }, voluntary_decision: { combine: "all" } } });
    const rows = await byCustomer(evaluation.tableName);
    // c1: 7 - 1 (brand off) + 1 (SP weight 2) - 1 (VD all-of: no trial) = 6; c2: VD fails (promo) -> SP 2 = 2;
    // c3: VD fails (no trial) -> PP 1 + ME 1 = 2.
    expect([rows.c1.ideal_score, rows.c2.ideal_score, rows.c3.ideal_score]).toEqual([6, 2, 2]);
    expect("criterion_brand_promotion" in rows.c1).toBe(false);
    expect(evaluation.compiled.maxScore).toBe(7);
  });

  it("reports missing data as not evaluable (NULL, not false)", async () => {
    const partial = await datasetFromRows(fixtureWithout("nps", "seats", "departments"));
    try {
      const evaluation = await evaluateCriteria(partial, { asOf: AS_OF });
      const coverage = (await evaluation.coverage()).objects() as Rows;
      const find = (id: string) => coverage.find((r) => r.id === id)!;
      expect(find("promoter")).toMatchObject({ evaluable: false, customers: null, note: "not evaluable: needs table nps" });
      expect(find("expansion_potential")).toMatchObject({ evaluable: false, customers: null, note: "not evaluable: needs table seats, table departments" });
      // success_potential still evaluable through fast_first_result (c1 only).
      expect(find("success_potential")).toMatchObject({ evaluable: true, customers: 1 });
      const nulls = await partial.query(`SELECT count(*) FILTER (WHERE cohort_promoter IS NULL) AS n FROM ${evaluation.tableName}`);
      expect(nulls.get("n", 0)).toBe(3);
      // c1 loses expansion: 6; scores never count the unevaluable criterion.
      expect(evaluation.compiled.maxScore).toBe(6);
    } finally {
      partial.close();
    }
  });

  it("accepts the analyst's own criterion as a checked SQL expression or a predicate tree", async () => {
    const evaluation = await evaluateCriteria(dataset, {
      asOf: AS_OF,
      customFeatures: { revenue_per_order: { type: "DOUBLE", sql: "revenue / nullif(order_count, 0)" } },
      customCriteria: {
        big_spender: {
          name: "Big spender",
          cohorts: {
            // c1 only: 200 >= 100 and no promo (c2 used a promo, c3 paid 50).
            high_revenue: { name: "High revenue", description: "", params: { min_revenue: { type: "DOUBLE", default: 100, description: "" } }, predicate: { sql: "revenue >= $min_revenue AND NOT promo_used" } },
            // revenue per order: c1 100, c2 80, c3 50 -> >= 80: c1, c2.
            big_orders: { name: "Big orders", description: "", params: { min: { type: "DOUBLE", default: 80, description: "" } }, predicate: { feature: "revenue_per_order", op: ">=", param: "min" } },
          },
        },
      },
    });
    const coverage = await coverageOf(evaluation);
    expect([coverage.high_revenue, coverage.big_orders, coverage.big_spender]).toEqual([1, 2, 2]);
  });

  it("refuses unsafe or unknown names and bad parameter values", async () => {
    const custom = (sql: string) => ({ asOf: AS_OF, customCriteria: { x: { name: "x", cohorts: { x1: { name: "x1", description: "", params: {}, predicate: { sql } } } } } });
    await expect(evaluateCriteria(dataset, custom("revenue > 1; DROP TABLE orders"))).rejects.toThrow(ParameterError);
    await expect(evaluateCriteria(dataset, custom("revenue > (SELECT 1)"))).rejects.toThrow(/unknown name "SELECT"/);
    await expect(evaluateCriteria(dataset, custom("revenu > 1"))).rejects.toThrow(/unknown name "revenu"/);
    await expect(evaluateCriteria(dataset, { asOf: AS_OF, params: { promoter: { min_score: 11 } } })).rejects.toThrow(/above the maximum 10/);
    await expect(evaluateCriteria(dataset, { asOf: AS_OF, params: { promoter: { min: 9 } } })).rejects.toThrow(/unknown parameter "min"/);
    await expect(evaluateCriteria(dataset, { asOf: "30/09/2026" })).rejects.toThrow(ParameterError);
  });
});

describe("explain", () => {
  it("returns the SQL with bound parameters, never pasted values", () => {
    const { sql, params, notEvaluable } = explain({ asOf: AS_OF, params: { promoter: { min_score: 10 } } });
    expect(sql).toMatch(/^CREATE OR REPLACE TEMP TABLE "icp_criteria" AS\nWITH order_facts AS/);
    expect(sql).toContain("CAST($promoter__min_score AS INTEGER)");
    expect(params).toMatchObject({ as_of: AS_OF, window_months: 12, promoter__min_score: 10, weight__brand_promotion: 1 });
    expect(sql).not.toContain(AS_OF);
    expect(notEvaluable).toEqual([]);
  });
});
