import { describe, expect, it } from "vitest";
import { maximizePositiveLikelihood } from "../../src/stats/index.js";

describe("maximizePositiveLikelihood", () => {
  it("finds the exponential rate MLE and its standard error", () => {
    // Waiting times 1, 2, 3: logL(l) = 3 ln l - 6 l, maximal at l = 3/6 = 0.5;
    // observed information 3 / l^2 = 12 -> standard error 1/sqrt(12) = 0.288675.
    const fit = maximizePositiveLikelihood(
      {
        parameterNames: ["rate"],
        observationCount: 3,
        logLikelihood: ([l], gradient) => {
          gradient[0] = 3 / l - 6;
          return 3 * Math.log(l) - 6 * l;
        },
      },
      [2],
    );
    expect(fit.parameters.rate).toBeCloseTo(0.5, 5);
    expect(fit.standardErrors.rate).toBeCloseTo(1 / Math.sqrt(12), 4);
    expect(fit.logLikelihood).toBeCloseTo(3 * Math.log(0.5) - 3, 8);
  });
});
