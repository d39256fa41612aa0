import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as aq from "arquero";
import { datasetFromRows, type Dataset } from "../../src/data/index.js";
import { ParameterError } from "../../src/errors/index.js";
import { churnByPeriod, cohortRetention, rfmSummary } from "../../src/lifecycle/index.js";

/**
 * p prepays 1,200 on 2026-01-15 (prepaid, no period_months: 12 months by default → 100 a month, Jan–Dec 2026).
 * m pays 100 monthly on 2026-01-10, 02-10, 03-10 and stops (covers Jan, Feb, Mar).
 * q pays 300 on 2026-01-20 with period_months 3 (covers Jan, Feb, Mar at 100 a month).
 */
const ORDERS = [
  { order_id: "1", customer_id: "p", order_date: "2026-01-15", amount: 1200, prepaid: true, period_months: null },
  { order_id: "2", customer_id: "m", order_date: "2026-01-10", amount: 100, prepaid: false, period_months: null },
  { order_id: "3", customer_id: "m", order_date: "2026-02-10", amount: 100, prepaid: false, period_months: null },
  { order_id: "4", customer_id: "m", order_date: "2026-03-10", amount: 100, prepaid: false, period_months: null },
  { order_id: "5", customer_id: "q", order_date: "2026-01-20", amount: 300, prepaid: false, period_months: 3 },
];

type Row = Record<string, number | string | null>;
const rowsAt = (rows: Row[], k: number) => rows.find((r) => r.period_index === k)!;

describe("subscription coverage", () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await datasetFromRows({
      customers: ["p", "m", "q"].map((id) => ({ customer_id: id, signup_date: "2026-01-01" })),
      orders: ORDERS,
    });
  });
  afterAll(() => ds.close());

  it("cohortRetention: a customer prepaying 12 months is retained for 12 months at 100 MRR", async () => {
    const rows = (await cohortRetention(ds, { asOf: "2027-03-31", period: "month" })).objects() as Row[];
    // One cohort 2026-01 of 3. k=0..2: all three paying (p, m, q) → 1; k=3..11: only p → 1/3; k=12 (2027-01): nobody.
    expect(rowsAt(rows, 0)).toMatchObject({ cohort: "2026-01", cohort_size: 3, retained_customers: 3, customer_retention: 1 });
    expect(rowsAt(rows, 2).customer_retention).toBe(1);
    for (let k = 3; k <= 11; k++) expect(rowsAt(rows, k).retained_customers, `k=${k}`).toBe(1);
    expect(rowsAt(rows, 12).retained_customers).toBe(0);
    // Revenue: k=0 = 100 (p: 1,200/12) + 100 (m) + 100 (q: 300/3) = 300; k=5 = 100 (p only) → net 100/300.
    expect(rowsAt(rows, 0).starting_revenue).toBeCloseTo(300, 9);
    expect(rowsAt(rows, 5).revenue).toBeCloseTo(100, 9);
    expect(rowsAt(rows, 5).net_revenue_retention).toBeCloseTo(1 / 3, 9);
    expect(rowsAt(rows, 11).revenue).toBeCloseTo(100, 9);
  });

  it("coverage 'orders' keeps the order-based view", async () => {
    const rows = (await cohortRetention(ds, { asOf: "2026-12-31", period: "month", coverage: "orders" })).objects() as Row[];
    // k=0: all three ordered in January, revenue 1,200 + 100 + 300 = 1,600; k=1: only m (February order) → 1/3, 100.
    expect(rowsAt(rows, 0).starting_revenue).toBeCloseTo(1600, 9);
    expect(rowsAt(rows, 1)).toMatchObject({ retained_customers: 1 });
    expect(rowsAt(rows, 1).revenue).toBeCloseTo(100, 9);
    expect(rowsAt(rows, 5).retained_customers).toBe(0);
  });

  it("prepaidMonths sets the default coverage of prepaid orders without period_months", async () => {
    const rows = (await cohortRetention(ds, { asOf: "2026-12-31", period: "month", prepaidMonths: 6 })).objects() as Row[];
    // p covers Jan–Jun at 1,200/6 = 200: k=5 retained 1 (p), k=6 nobody.
    expect(rowsAt(rows, 5).retained_customers).toBe(1);
    expect(rowsAt(rows, 5).revenue).toBeCloseTo(200, 9);
    expect(rowsAt(rows, 6).retained_customers).toBe(0);
    await expect(cohortRetention(ds, { asOf: "2026-12-31", prepaidMonths: 0 })).rejects.toBeInstanceOf(ParameterError);
    await expect(cohortRetention(ds, { asOf: "2026-12-31", coverage: "bills" as never })).rejects.toBeInstanceOf(ParameterError);
  });

  it("week periods: a one-month order covers the weeks from its date to the day before date + 1 month", async () => {
    const tx = aq.table({ customer_id: ["w"], order_date: ["2026-01-05"], amount: [100], period_months: [1] });
    const rows = (await cohortRetention(ds, { asOf: "2026-02-28", period: "week", transactions: tx })).objects() as Row[];
    // 2026-01-05 is a Monday; covered up to 2026-02-04 (Wednesday): weeks of Jan 5, 12, 19, 26 and Feb 2 = 5 weeks,
    // 100 / 5 = 20 a week; the week of Feb 9 (k=5) is not covered.
    for (let k = 0; k <= 4; k++) expect(rowsAt(rows, k).revenue, `k=${k}`).toBeCloseTo(20, 9);
    expect(rowsAt(rows, 5).retained_customers).toBe(0);
  });

  it("churnByPeriod: the prepaid customer is not lost after paying; m is lost in April", async () => {
    const rows = (await churnByPeriod(ds, { asOf: "2026-12-31", period: "month" })).objects() as Row[];
    const at = (period: string) => rows.find((r) => r.period === period)!;
    // Feb: start 3 (all paying in Jan), end 3, lost 0. Apr: start 3 (Mar), end 1 (p), lost 2 (m, q): churn 2/3;
    // starting MRR 300, churned 200 → gross 2/3. Dec: start 1, end 1.
    expect(at("2026-02")).toMatchObject({ start_customers: 3, end_customers: 3, lost_customers: 0 });
    expect(at("2026-04")).toMatchObject({ start_customers: 3, end_customers: 1, lost_customers: 2 });
    expect(at("2026-04").user_churn).toBeCloseTo(2 / 3, 9);
    expect(at("2026-04").starting_revenue).toBeCloseTo(300, 9);
    expect(at("2026-04").gross_revenue_churn).toBeCloseTo(2 / 3, 9);
    expect(at("2026-12")).toMatchObject({ start_customers: 1, end_customers: 1, lost_customers: 0 });
    const orderView = (await churnByPeriod(ds, { asOf: "2026-12-31", period: "month", coverage: "orders" })).objects() as Row[];
    // Order view: in Feb only m ordered; p and q count as lost (the misreading this option keeps available).
    expect(orderView.find((r) => r.period === "2026-02")).toMatchObject({ start_customers: 3, lost_customers: 2 });
  });

  it("churnByPeriod by quarter compares MRR at the quarters' last months", async () => {
    const rows = (await churnByPeriod(ds, { asOf: "2026-12-31", period: "quarter" })).objects() as Row[];
    const at = (period: string) => rows.find((r) => r.period === period)!;
    // End of Q1 (March): p, m, q paying, MRR 300. End of Q2 (June): only p. Q2: start 3, lost 2, starting revenue 300,
    // churned 200; Q3: start 1, lost 0, net revenue churn 0 (100 → 100).
    expect(at("2026-Q2")).toMatchObject({ start_customers: 3, lost_customers: 2, end_customers: 1 });
    expect(at("2026-Q2").starting_revenue).toBeCloseTo(300, 9);
    expect(at("2026-Q2").churned_revenue).toBeCloseTo(200, 9);
    expect(at("2026-Q3").net_revenue_churn).toBeCloseTo(0, 9);
    expect(String(at("2026-Q3").period_start)).toContain("2026-07-01");
  });

  it("rfmSummary perCoveredMonth: a 1,200 prepayment is 100 a month, one purchase per covered month", async () => {
    const s = await rfmSummary(ds, { calibrationEnd: "2026-04-30", unit: "days", perCoveredMonth: true });
    const i = s.customerIds.indexOf("p");
    // Covered-month purchases 01-15, 02-15, 03-15, 04-15 (≤ 04-30): frequency 3, recency 90 days, T 105 days, monetary 100.
    expect([s.frequency[i], s.recency[i], s.T[i], s.monetaryValue[i]]).toEqual([3, 90, 105, 100]);
    const plain = await rfmSummary(ds, { calibrationEnd: "2026-04-30", unit: "days" });
    expect(plain.frequency[plain.customerIds.indexOf("p")]).toBe(0);
  });
});
