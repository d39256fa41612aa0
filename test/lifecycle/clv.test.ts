import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import {
  bgNbdConditionalExpectedPurchases,
  customerProfit,
  expectedAverageSpend,
  predictClv,
  simpleClv,
  summaryFromArrays,
} from "../../src/lifecycle/index.js";

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, v: 15.44 };

describe("CLV", () => {
  it("simple CLV = margin x ARPU / churn", () => {
    expect(simpleClv({ marginRate: 0.8, arpuPerPeriod: 50, churnRatePerPeriod: 0.05 })).toBeCloseTo(800, 10); // 40 / 0.05
  });

  it("discounted BG/NBD x Gamma-Gamma CLV equals the sum of discounted increments", () => {
    const summary = summaryFromArrays({ frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86], monetaryValue: [20, 0], customerIds: ["x", "y"] });
    const table = predictClv(summary, BG, GG, { horizonSteps: 2, stepLength: 4, discountRatePerStep: 0.1, marginRate: 0.5 });
    const rows = table.objects() as Record<string, number>[];
    // Hand formula for x: spend = 6.25 (15.44 + 2*20) / (6.25*2 + 3.74 - 1) = 346.5 / 15.24 = 22.736...
    const spend = (6.25 * (15.44 + 40)) / (12.5 + 2.74);
    expect(rows[0].expected_spend).toBeCloseTo(spend, 10);
    const e4 = bgNbdConditionalExpectedPurchases(BG, 4, 2, 30.43, 38.86);
    const e8 = bgNbdConditionalExpectedPurchases(BG, 8, 2, 30.43, 38.86);
    expect(rows[0].clv).toBeCloseTo(0.5 * spend * (e4 / 1.1 + (e8 - e4) / 1.21), 10);
    expect(rows[0].expected_purchases).toBeCloseTo(e8, 12);
    // y never repurchased: P(alive) = 1 and population mean spend p v / (q - 1).
    expect(rows[1].p_alive).toBe(1);
    expect(rows[1].expected_spend).toBeCloseTo(expectedAverageSpend(GG, 0, 0), 12);
  });

  it("profit = CLV - CAC - COC per customer and per channel", () => {
    const clv = aq.table({ customer_id: ["a", "b", "c"], clv: [500, 300, 100] });
    const costs = aq.table({ customer_id: ["a", "b", "c"], channel: ["email", "email", "paid"], cac: [50, 100, 150], coc: [20, 20, 20] });
    const { perCustomer, perGroup } = customerProfit(clv, costs, { groupBy: "channel" });
    // a 500-50-20 = 430, b 300-100-20 = 180, c 100-150-20 = -70; email avg (430+180)/2 = 305.
    expect(perCustomer.array("profit")).toEqual([430, 180, -70]);
    expect(perGroup!.objects()).toMatchObject([
      { channel: "email", customers: 2, profit: 610, avg_profit: 305 },
      { channel: "paid", customers: 1, profit: -70 },
    ]);
  });
});
