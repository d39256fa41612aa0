/**
 * The CDNOW sample fit must reproduce the published parameters to 3 significant digits:
 * BG/NBD r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 (Fader, Hardie & Lee 2005, 2,357 customers,
 * 39-week calibration ending 1997-09-30, weekly units); Gamma-Gamma p = 6.25, q = 3.74, v = 15.44 on
 * the 946 repeat buyers; and the conditional expectation for x = 2, t_x = 30.43, T = 38.86 over
 * the next 39 weeks = 1.226.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../src/data/index.js";
import { bgNbdConditionalExpectedPurchases, fitBgNbd, fitGammaGamma, rfmSummary, type RfmSummary } from "../../src/lifecycle/index.js";
import { cdnowDataset } from "./cdnowFixture.js";

/** Same value to `digits` significant digits. */
function expectSignificant(actual: number, expected: number, digits = 3): void {
  expect(Number(actual.toPrecision(digits))).toBe(Number(expected.toPrecision(digits)));
}

describe("CDNOW sample (Fader, Hardie & Lee 2005)", () => {
  let dataset: Dataset;
  let summary: RfmSummary;
  beforeAll(async () => {
    dataset = await cdnowDataset();
    summary = await rfmSummary(dataset, { calibrationEnd: "1997-09-30", unit: "weeks" });
  });
  afterAll(() => dataset.close());

  it("summarises 2,357 customers, 946 of them repeat buyers", () => {
    expect(summary.frequency.length).toBe(2357);
    expect(summary.frequency.filter((x) => x > 0).length).toBe(946);
    // Customer 00004: purchases 1997-01-01, 01-18, 08-02 (12-12 is after calibration):
    // frequency 2, recency = 213 days / 7 = 30.43 weeks, T = 272 days / 7 = 38.86 weeks,
    // monetary = mean(29.73, 14.96) = 22.345.
    const i = summary.customerIds.indexOf("00004");
    expect(summary.frequency[i]).toBe(2);
    expect(summary.recency[i]).toBeCloseTo(213 / 7, 10);
    expect(summary.T[i]).toBeCloseTo(272 / 7, 10);
    expect(summary.monetaryValue[i]).toBeCloseTo(22.345, 10);
  });

  it("fits BG/NBD to the published parameters", () => {
    const fit = fitBgNbd(summary);
    expectSignificant(fit.r, 0.243);
    expectSignificant(fit.alpha, 4.414);
    expectSignificant(fit.a, 0.793);
    expectSignificant(fit.b, 2.426);
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 1);
    // Standard errors are positive and smaller than the estimates here (lifetimes: r 0.0126, b 0.706).
    expectSignificant(fit.standardErrors.r, 0.0126);
    expectSignificant(fit.standardErrors.b, 0.706);
  });

  it("reproduces the conditional expectation check (x=2, t_x=30.43, T=38.86 -> 1.226 in 39 weeks)", () => {
    const fit = fitBgNbd(summary);
    expect(bgNbdConditionalExpectedPurchases(fit, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it("fits Gamma-Gamma on the 946 repeat buyers to the published parameters", () => {
    const fit = fitGammaGamma(summary);
    // q ≈ 3.74 > 1: the population mean exists, nothing to warn about.
    expect(fit.meanDefined).toBe(true);
    expect(fit.warnings).toEqual([]);
    expect(fit.customerCount).toBe(946);
    expectSignificant(fit.p, 6.25);
    expectSignificant(fit.q, 3.74);
    expectSignificant(fit.v, 15.44);
    expect(fit.standardErrors.p).toBeGreaterThan(0);
  });
});
