import { describe, expect, it } from "vitest";
import { hyp2f1 } from "../../src/stats/index.js";
import { ParameterError } from "../../src/errors/index.js";

describe("hyp2f1", () => {
  it("matches closed forms", () => {
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z (A&S 15.1.3): z = 0.5 -> 2 ln 2 = 1.3862943611198906.
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(2 * Math.LN2, 12);
    // 2F1(a, b; b; z) = (1 - z)^-a: a = 2.5, z = 0.3 -> 0.7^-2.5 = 2.4400...
    expect(hyp2f1(2.5, 1.7, 1.7, 0.3)).toBeCloseTo(Math.pow(0.7, -2.5), 12);
    expect(hyp2f1(3, 4, 5, 0)).toBe(1);
  });
  it("rejects z outside [0, 1)", () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(ParameterError);
  });
});
