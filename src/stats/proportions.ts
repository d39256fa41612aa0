/**
 * Intervals and tests for proportions, used by the portrait (share of ideal vs rest customers with
 * an attribute value). Normal quantiles and CDF come from @stdlib; only the formulas are here.
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";

/** A two-sided interval. */
export interface Interval {
  low: number;
  high: number;
}

/** z for a two-sided interval of the given confidence (0.95 -> 1.95996...). */
export function zForConfidence(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}

/**
 * Wilson score interval for a proportion x/n (Wilson 1927; Newcombe 1998, method 3):
 * centre (p + z²/2n) / (1 + z²/n), half-width z/(1 + z²/n) · sqrt(p(1-p)/n + z²/4n²).
 * n = 0 gives [0, 1].
 *
 * @example
 * wilsonInterval(8, 10); // { low: 0.4902, high: 0.9433 } (95%)
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const z = zForConfidence(confidence);
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Newcombe's hybrid score interval for the difference of two independent proportions
 * p1 - p2 (Newcombe 1998, "Interval estimation for the difference between independent
 * proportions", method 10), built from the two Wilson intervals (l1,u1), (l2,u2):
 * [d - sqrt((p1-l1)² + (u2-p2)²), d + sqrt((u1-p1)² + (p2-l2)²)].
 *
 * @example
 * newcombeDifferenceInterval(56, 70, 48, 80); // { low: 0.0524, high: 0.3339 } — Newcombe's example (h)
 */
export function newcombeDifferenceInterval(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): Interval {
  const p1 = n1 > 0 ? x1 / n1 : 0;
  const p2 = n2 > 0 ? x2 / n2 : 0;
  const w1 = wilsonInterval(x1, n1, confidence);
  const w2 = wilsonInterval(x2, n2, confidence);
  const d = p1 - p2;
  return {
    low: d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
}

/**
 * Two-sided two-proportion z-test with the pooled variance:
 * z = (p1 - p2) / sqrt(p(1-p)(1/n1 + 1/n2)), p = (x1+x2)/(n1+n2); p-value = 2(1 - Φ(|z|)).
 * Returns p-value 1 when the pooled proportion is 0 or 1 (no variation to test).
 *
 * @example
 * twoProportionZTest(30, 100, 15, 100); // { z: 2.5400, pValue: 0.01109 }
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): { z: number; pValue: number } {
  if (n1 <= 0 || n2 <= 0) return { z: 0, pValue: 1 };
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (variance <= 0) return { z: 0, pValue: 1 };
  const z = (x1 / n1 - x2 / n2) / Math.sqrt(variance);
  return { z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z), 0, 1))) };
}

/**
 * Interval for a ratio of proportions (the lift p1/p2) on the log scale (Katz et al. 1978):
 * exp(ln(p1/p2) ± z·sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)). With a zero count, 0.5 is added to
 * both counts and both totals (Haldane-Anscombe correction) so the interval stays finite.
 *
 * @example
 * liftInterval(30, 100, 15, 100); // lift 2, { low: 1.1489, high: 3.4817 }
 */
export function liftInterval(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): Interval {
  const z = zForConfidence(confidence);
  const correction = x1 === 0 || x2 === 0 ? 0.5 : 0;
  const [a, m, b, k] = [x1 + correction, n1 + correction, x2 + correction, n2 + correction];
  if (m <= 0 || k <= 0) return { low: 0, high: Infinity };
  const logLift = Math.log(a / m / (b / k));
  const se = Math.sqrt(1 / a - 1 / m + 1 / b - 1 / k);
  return { low: Math.exp(logLift - z * se), high: Math.exp(logLift + z * se) };
}

/**
 * Benjamini-Hochberg adjusted p-values (q-values) controlling the false discovery rate
 * (Benjamini & Hochberg 1995): sort ascending, q(i) = min_{j >= i} p(j)·m/j, capped at 1;
 * returned in the input order.
 *
 * @example
 * benjaminiHochberg([0.01, 0.04, 0.03, 0.20]); // [0.04, 0.0533, 0.0533, 0.20]
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const [p, index] = order[rank - 1];
    running = Math.min(running, (p * m) / rank);
    adjusted[index] = Math.min(1, running);
  }
  return adjusted;
}
