import { describe, expect, it } from "vitest";
import { rocAuc } from "../../src/stats/index.js";

describe("rocAuc", () => {
  it("counts positive-over-negative pairs", () => {
    // positives 0.9, 0.3; negatives 0.8, 0.1: pairs won 0.9>0.8, 0.9>0.1, 0.3>0.1 = 3 of 4.
    expect(rocAuc([0.9, 0.8, 0.3, 0.1], [1, 0, 1, 0])).toBe(0.75);
  });
  it("counts ties as one half", () => {
    // one positive and one negative with equal scores -> 0.5.
    expect(rocAuc([0.4, 0.4], [1, 0])).toBe(0.5);
    // perfect separation -> 1; reversed -> 0.
    expect(rocAuc([0.9, 0.7, 0.2], [1, 1, 0])).toBe(1);
    expect(rocAuc([0.1, 0.7, 0.9], [1, 0, 0])).toBe(0);
  });
  it("is NaN with one class only", () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});
