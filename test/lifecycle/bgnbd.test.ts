import { describe, expect, it } from "vitest";
import { bgNbdLogLikelihood, summaryFromArrays } from "../../src/lifecycle/index.js";

describe("bgNbdLogLikelihood", () => {
  it("equals eq. (6) of Fader, Hardie & Lee (2005) on a hand-computed pair of customers", () => {
    // r = alpha = a = b = 1. Customer 1: x = 0, T = 2 -> L = B(1,1)/B(1,1) · 1 / (1 + 2)^1 = 1/3.
    // Customer 2: x = 1, t_x = 1, T = 2 -> B(1,2)/B(1,1) · Γ(2) / (1 + 2)^2 + B(2,1)/B(1,1) · Γ(2) / (1 + 1)^2
    //   = (1/2)(1/9) + (1/2)(1/4) = 1/18 + 1/8 = 13/72. Total ln L = ln(1/3 · 13/72) = ln(13/216).
    const summary = summaryFromArrays({ frequency: [0, 1], recency: [0, 1], T: [2, 2] });
    expect(bgNbdLogLikelihood(summary)([1, 1, 1, 1], [0, 0, 0, 0])).toBeCloseTo(Math.log(13 / 216), 12);
  });

  it("has the analytic gradient of central differences", () => {
    const summary = summaryFromArrays({ frequency: [0, 1, 3, 3, 0, 7], recency: [0, 2.5, 10, 10, 0, 30], T: [5, 12, 20, 20, 40, 40] });
    const logLikelihood = bgNbdLogLikelihood(summary);
    const params = [0.4, 3.5, 0.7, 2.2];
    const gradient = [0, 0, 0, 0];
    logLikelihood(params, gradient);
    const scratch = [0, 0, 0, 0];
    params.forEach((value, i) => {
      const step = 1e-6 * value;
      const up = params.slice();
      const down = params.slice();
      up[i] += step;
      down[i] -= step;
      const numeric = (logLikelihood(up, scratch) - logLikelihood(down, scratch)) / (2 * step);
      expect(gradient[i]).toBeCloseTo(numeric, 5);
    });
  });

  it("counts customers with the same (x, t_x, T) once per customer, in any order", () => {
    // Compression into distinct triples must not change the sum: three shuffled copies of a
    // summary give exactly three times its log-likelihood and gradient.
    const base = { frequency: [0, 2, 2, 5, 0], recency: [0, 4, 9, 9, 0], T: [10, 10, 12, 30, 30] };
    const order = [4, 2, 0, 3, 1, 1, 3, 0, 2, 4, 0, 1, 2, 3, 4];
    const tripled = summaryFromArrays({
      frequency: order.map((i) => base.frequency[i]),
      recency: order.map((i) => base.recency[i]),
      T: order.map((i) => base.T[i]),
    });
    const params = [0.3, 4, 0.9, 2.4];
    const once = [0, 0, 0, 0];
    const thrice = [0, 0, 0, 0];
    const single = bgNbdLogLikelihood(summaryFromArrays(base))(params, once);
    expect(bgNbdLogLikelihood(tripled)(params, thrice)).toBeCloseTo(3 * single, 10);
    thrice.forEach((g, i) => expect(g).toBeCloseTo(3 * once[i], 10));
  });
});
