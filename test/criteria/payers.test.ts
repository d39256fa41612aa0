import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetFromRows, type Dataset } from "../../src/data/index.js";
import { evaluateCriteria } from "../../src/criteria/index.js";

/**
 * Buyers (an order in the 12-month window) vs payers (an order at all up to the analysis date):
 * the evaluation covers buyers only, but a paying referral counts any referred payer.
 *
 * as of 2026-09-30, window (2025-09-30, 2026-09-30]:
 *   r  ordered 2026-03-01          buyer
 *   a  ordered 2024-05-01 only     payer, not a buyer (before the window)
 *   b  never ordered               neither
 *   d  ordered 2026-06-01          buyer
 *   e  ordered 2026-10-15 only     neither (after the analysis date)
 * referrals r→a, r→b, r→d, r→e, d→a
 *   paying_referrals: r = 2 (a, d), d = 1 (a); paying_referrer (>= 2): r only.
 * as of 2026-10-31, window (2025-10-31, 2026-10-31]: e is a buyer too, so r = 3 (a, d, e).
 */
let dataset: Dataset;
beforeAll(async () => {
  const customer = (customer_id: string) => ({ customer_id, signup_date: "2024-01-01" });
  const order = (customer_id: string, order_date: string) => ({ order_id: `${customer_id}-${order_date}`, customer_id, order_date, amount: 100, list_price: 100 });
  dataset = await datasetFromRows({
    customers: ["r", "a", "b", "d", "e"].map(customer),
    orders: [order("r", "2026-03-01"), order("a", "2024-05-01"), order("d", "2026-06-01"), order("e", "2026-10-15")],
    referrals: [["r", "a"], ["r", "b"], ["r", "d"], ["r", "e"], ["d", "a"]].map(([referrer_id, referred_id]) => ({ referrer_id, referred_id, referral_date: "2024-03-01" })),
  });
});
afterAll(() => dataset.close());

const referralsOf = async (asOf: string): Promise<{ buyers: number; referrals: Record<string, unknown>; referrers: unknown }> => {
  const evaluation = await evaluateCriteria(dataset, { asOf });
  const rows = (await dataset.query(`SELECT customer_id, paying_referrals FROM ${evaluation.tableName} ORDER BY customer_id`)).objects() as { customer_id: string; paying_referrals: number }[];
  const coverage = (await evaluation.coverage()).objects() as { id: string; customers: number }[];
  return {
    buyers: evaluation.customers,
    referrals: Object.fromEntries(rows.map((row) => [row.customer_id, row.paying_referrals])),
    referrers: coverage.find((row) => row.id === "paying_referrer")?.customers,
  };
};

describe("paying referrals count every referred payer, buyers are the window's", () => {
  it("counts a referred customer who paid before the window, not one who never paid or paid after the analysis date", async () => {
    expect(await referralsOf("2026-09-30")).toEqual({ buyers: 2, referrals: { d: 1, r: 2 }, referrers: 1 });
  });

  it("counts the later payer once the analysis date is after its order", async () => {
    expect(await referralsOf("2026-10-31")).toEqual({ buyers: 3, referrals: { d: 1, e: 0, r: 3 }, referrers: 1 });
  });
});
