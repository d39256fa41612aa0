import { describe, expect, it } from "vitest";
import { benjaminiHochberg, liftInterval, newcombeDifferenceInterval, twoProportionZTest, wilsonInterval, zForConfidence } from "../../src/stats/index.js";

describe("proportion intervals and tests", () => {
  it("z for 95% is the normal 0.975 quantile", () => {
    expect(zForConfidence(0.95)).toBeCloseTo(1.959964, 6);
  });

  it("Wilson interval", () => {
    // 8/10, z = 1.96: centre (0.8 + 0.19207)/(1.38415) = 0.71678; half = (1.96/1.38415)*sqrt(0.016 + 0.0096) = 0.22654
    // -> [0.4902, 0.9433].
    const { low, high } = wilsonInterval(8, 10);
    expect(low).toBeCloseTo(0.4902, 4);
    expect(high).toBeCloseTo(0.9433, 4);
    // 0/10: centre = 0.19207/1.38415 = 0.13876 = half-width (1.41603*sqrt(0.0096)) -> low 0, high 0.2775.
    expect(wilsonInterval(0, 10).low).toBeCloseTo(0, 12);
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it("Newcombe hybrid score interval reproduces the paper's example", () => {
    // Newcombe 1998, example (h): 56/70 - 48/80 = 0.2, method 10 gives 0.0524 to 0.3339.
    const { low, high } = newcombeDifferenceInterval(56, 70, 48, 80);
    expect(low).toBeCloseTo(0.0524, 4);
    expect(high).toBeCloseTo(0.3339, 4);
  });

  it("two-proportion z-test", () => {
    // 30/100 vs 15/100: pooled 0.225, var 0.225*0.775*(2/100) = 0.0034875, z = 0.15/0.0590551 = 2.5400,
    // p = 2(1 - Φ(2.54)) = 0.01109.
    const { z, pValue } = twoProportionZTest(30, 100, 15, 100);
    expect(z).toBeCloseTo(2.54, 4);
    expect(pValue).toBeCloseTo(0.01109, 5);
    expect(twoProportionZTest(0, 10, 0, 10).pValue).toBe(1);
  });

  it("lift interval on the log scale", () => {
    // se = sqrt(1/30 - 1/100 + 1/15 - 1/100) = sqrt(0.08) = 0.28284; 2·exp(±1.95996·0.28284) = [1.1489, 3.4817].
    const { low, high } = liftInterval(30, 100, 15, 100);
    expect(low).toBeCloseTo(1.1489, 4);
    expect(high).toBeCloseTo(3.4817, 4);
    expect(Number.isFinite(liftInterval(0, 10, 5, 10).high)).toBe(true);
  });

  it("Benjamini-Hochberg q-values", () => {
    // sorted 0.01, 0.03, 0.04, 0.20 (m = 4): 0.04, min(0.06, 0.0533) = 0.0533, 0.0533, 0.20.
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.2]);
    expect(q[0]).toBeCloseTo(0.04, 10);
    expect(q[1]).toBeCloseTo(0.053333, 5);
    expect(q[2]).toBeCloseTo(0.053333, 5);
    expect(q[3]).toBeCloseTo(0.2, 10);
  });
});
