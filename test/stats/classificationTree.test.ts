import { describe, expect, it } from "vitest";
import { fitClassificationTree, predictTreeProbability, treeRules } from "../../src/stats/index.js";

describe("fitClassificationTree", () => {
  it("splits at the Gini-best midpoint and prints rules", () => {
    const tree = fitClassificationTree([Float64Array.of(1, 2, 3, 4)], Uint8Array.of(0, 0, 1, 1), { minLeafSize: 1 });
    expect(tree.split?.threshold).toBe(2.5);
    expect(predictTreeProbability(tree, [3.5])).toBe(1);
    expect(treeRules(tree, ["x"], "churn").map((r) => r.text)).toEqual(["if x <= 2.5 then churn 0% (n = 2)", "if x > 2.5 then churn 100% (n = 2)"]);
  });

  it("picks the informative feature and respects the leaf size", () => {
    // Feature 0 is noise, feature 1 separates: labels 1 when f1 >= 10.
    // Samples: f1 = 1, 2, 3, 10, 11, 12 -> labels 0, 0, 0, 1, 1, 1; f0 = 5, 1, 5, 1, 5, 1.
    const f0 = Float64Array.of(5, 1, 5, 1, 5, 1);
    const f1 = Float64Array.of(1, 2, 3, 10, 11, 12);
    const y = Uint8Array.of(0, 0, 0, 1, 1, 1);
    const tree = fitClassificationTree([f0, f1], y, { minLeafSize: 2 });
    expect(tree.split).toMatchObject({ feature: 1, threshold: 6.5 });
    // minLeafSize 4 forbids any split of 6 samples (both sides would need 4).
    expect(fitClassificationTree([f0, f1], y, { minLeafSize: 4 }).split).toBeUndefined();
    // depth 0 = a single leaf with the base rate 3/6.
    expect(fitClassificationTree([f0, f1], y, { maxDepth: 0 }).probability).toBe(0.5);
  });

  it("weighs a split by its Gini decrease: 1 mistake in 8 beats 2", () => {
    // x: 1..8, labels 0 0 0 1 0 1 1 1 -> best threshold 3.5 (left 0/3, right 4/5) or 5.5 (left 1/5, right 3/3): equal Gini;
    // the first found (3.5) is kept. Weighted Gini at 3.5: 5/8 * 2*(4/5)(1/5) = 0.2.
    const tree = fitClassificationTree([Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8)], Uint8Array.of(0, 0, 0, 1, 0, 1, 1, 1), { minLeafSize: 1, maxDepth: 1 });
    expect(tree.split?.threshold).toBe(3.5);
    expect(tree.split?.right.probability).toBe(0.8);
  });
});
