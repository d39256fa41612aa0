import { describe, expect, it } from "vitest";
import { ParameterError } from "../../src/errors/index.js";
import { expectedAverageSpend, expectedSpendDefined, fitGammaGamma, predictClv, summaryFromArrays } from "../../src/lifecycle/index.js";

// q <= 1: the population mean p v / (q − 1) does not exist.
const HEAVY = { p: 2, q: 0.5, v: 10 };
const BG = { r: 0.25, alpha: 4, a: 0.8, b: 2.4 };

describe("Gamma-Gamma with q <= 1", () => {
  it("the expected spend exists only where p x + q > 1", () => {
    // x = 1, m = 30: p x + q − 1 = 2 + 0.5 − 1 = 1.5 → 2 · (10 + 30) / 1.5 = 53.333…
    expect(expectedSpendDefined(HEAVY, 1)).toBe(true);
    expect(expectedAverageSpend(HEAVY, 1, 30)).toBeCloseTo(80 / 1.5, 12);
    // x = 0: p·0 + 0.5 − 1 = −0.5 → the formula would give 2 · 10 / −0.5 = −40; refused instead.
    expect(expectedSpendDefined(HEAVY, 0)).toBe(false);
    expect(() => expectedAverageSpend(HEAVY, 0, 0)).toThrow(ParameterError);
    expect(() => expectedAverageSpend(HEAVY, 0, 0)).toThrow(/fit per segment|observed-mean/i);
  });

  it("spendFallback 'observed-mean' is the caller's explicit choice", () => {
    expect(expectedAverageSpend(HEAVY, 0, 0, { spendFallback: "observed-mean", populationMeanSpend: 40 })).toBe(40);
    // Without a population mean there is nothing to fall back on for a customer without repeat purchases.
    expect(() => expectedAverageSpend(HEAVY, 0, 0, { spendFallback: "observed-mean" })).toThrow(ParameterError);
  });

  it("predictClv refuses, naming the count, unless the fallback is chosen; then spend is never negative", () => {
    // Customers: c0 one-time buyer (x=0), c1 x=2 m=30, c2 x=1 m=50.
    const summary = summaryFromArrays({ frequency: [0, 2, 1], recency: [0, 20, 10], T: [30, 30, 30], monetaryValue: [0, 30, 50], customerIds: ["c0", "c1", "c2"] });
    expect(() => predictClv(summary, BG, HEAVY)).toThrow(/1 of 3 customers/);
    const rows = predictClv(summary, BG, HEAVY, { spendFallback: "observed-mean" }).objects() as Array<Record<string, number | string>>;
    // c0 gets the repeat buyers' observed mean (30 + 50) / 2 = 40; c1, c2 keep the model:
    // c1: 2 · (10 + 60) / (4 + 0.5 − 1) = 140 / 3.5 = 40; c2: 2 · (10 + 50) / 1.5 = 80.
    expect(rows.map((r) => r.spend_source)).toEqual(["observed_population_mean", "gamma_gamma", "gamma_gamma"]);
    expect(rows[0].expected_spend).toBe(40);
    expect(rows[1].expected_spend).toBeCloseTo(40, 12);
    expect(rows[2].expected_spend).toBeCloseTo(80, 12);
    for (const r of rows) expect(r.clv as number).toBeGreaterThanOrEqual(0);
  });

  it("fitGammaGamma reports meanDefined and a warning on spend spread over orders of magnitude", () => {
    // 40 repeat buyers with Pareto-like mean spends 10 · u^−2 at u = (i + ½)/40 (10.0 … 64,000): a tail index of
    // 1/2, so the spend has no finite mean across customers and the fitted q must fall below 1 (measured q ≈ 0.69).
    const n = 40;
    const spends = Array.from({ length: n }, (_, i) => 10 * Math.pow((i + 0.5) / n, -2));
    const summary = summaryFromArrays({ frequency: spends.map(() => 4), recency: spends.map(() => 20), T: spends.map(() => 30), monetaryValue: spends });
    const fit = fitGammaGamma(summary);
    expect(fit.q).toBeLessThanOrEqual(1);
    expect(fit.meanDefined).toBe(false);
    expect(fit.warnings[0]).toMatch(/q = .* <= 1/);
  });
});
