/**
 * BG/NBD ("beta-geometric / negative binomial distribution") model of repeat purchasing, fitted by
 * maximum likelihood. Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An
 * Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275–284.
 *
 * While alive a customer buys at Poisson rate lambda ~ Gamma(r, alpha); after each purchase they die
 * with probability p ~ Beta(a, b). Per customer (x repeat purchases, last at t_x, observed for T),
 * eq. (6): L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
 *            + δ(x>0) · B(a+1, b+x-1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)).
 * Written as ln L = A1 + A2 + ln(e^A3 + δ e^A4) with
 *   A1 = lnΓ(r+x) − lnΓ(r) + r ln α,   A2 = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x),
 *   A3 = −(r+x) ln(α+T),               A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
 */
import gammaln from "@stdlib/math-base-special-gammaln";
import digamma from "@stdlib/math-base-special-digamma";
import { ParameterError } from "../errors/index.js";
import { maximizePositiveLikelihood, type MaximumLikelihoodOptions } from "../stats/index.js";
import type { RfmSummary } from "./rfmSummaryTypes.js";
import { indexDistinctValues } from "./uniqueIndex.js";

/** BG/NBD parameters. */
export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A fitted BG/NBD model: parameters, total log-likelihood, standard errors, sample size. */
export interface BgNbdFit extends BgNbdParameters {
  logLikelihood: number;
  standardErrors: BgNbdParameters;
  customerCount: number;
  /** Norm of the scaled gradient at the end of the optimisation (≈0 when converged). */
  gradientNorm: number;
}

export interface FitBgNbdOptions extends MaximumLikelihoodOptions {
  /** Starting values; default r = alpha = a = b = 1 (alpha rescaled by the mean of T). */
  initial?: Partial<BgNbdParameters>;
}

const NAMES = ["r", "alpha", "a", "b"] as const;

/**
 * Customers with the same (x, t_x, T) contribute identical likelihood terms, so the summary is
 * compressed into distinct triples with a count each (the `weights` of lifetimes' fitters): with
 * whole-day dates, T and t_x take at most a few thousand values, and a million customers collapse
 * to some 10^5 triples. Times are indexes into the distinct T / t_x values, x into the distinct x.
 */
interface CompressedSummary {
  /** Distinct T and t_x values (the logarithms are taken once per value). */
  times: Float64Array;
  /** Distinct frequencies (the gamma functions are taken once per value). */
  distinctX: Float64Array;
  /** Customers per distinct x. */
  countX: Float64Array;
  /** Per distinct triple: customers, x, index of x, of t_x and of T. */
  weight: Float64Array;
  x: Float64Array;
  indexX: Int32Array;
  indexRecency: Int32Array;
  indexT: Int32Array;
}

function compressSummary(frequency: Float64Array, recency: Float64Array, T: Float64Array): CompressedSummary {
  const n = frequency.length;
  const { values: times, indexes: [timeOfT, timeOfRecency] } = indexDistinctValues(T, recency);
  const { values: distinctX, indexes: [xIndexOf] } = indexDistinctValues(frequency);
  const countX = new Float64Array(distinctX.length);
  for (let i = 0; i < n; i++) countX[xIndexOf[i]]++;
  // One number per triple: (x index · K + t_x index) · K + T index, K = distinct times (< 2^53 for
  // any realistic K and number of distinct x).
  const K = times.length;
  const slotOf = new Map<number, number>();
  const weight: number[] = [];
  const firstRow: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = (xIndexOf[i] * K + timeOfRecency[i]) * K + timeOfT[i];
    const slot = slotOf.get(key);
    if (slot === undefined) {
      slotOf.set(key, weight.length);
      weight.push(1);
      firstRow.push(i);
    } else weight[slot]++;
  }
  return {
    times,
    distinctX,
    countX,
    weight: Float64Array.from(weight),
    x: Float64Array.from(firstRow, (i) => frequency[i]),
    indexX: Int32Array.from(firstRow, (i) => xIndexOf[i]),
    indexRecency: Int32Array.from(firstRow, (i) => timeOfRecency[i]),
    indexT: Int32Array.from(firstRow, (i) => timeOfT[i]),
  };
}

/**
 * The BG/NBD log-likelihood over a summary, with its analytic gradient (d/dr, d/dalpha, d/da, d/db).
 * The gamma terms are summed per distinct x, the logarithms taken per distinct T / t_x value, and
 * the mixture term once per distinct (x, t_x, T) triple times its count, so one evaluation costs
 * about one exp and one log per distinct repeat-buyer triple.
 */
export function bgNbdLogLikelihood(summary: RfmSummary): (params: readonly number[], gradientOut: number[]) => number {
  const { times, distinctX, countX, weight, x: tripleX, indexX, indexRecency, indexT } = compressSummary(summary.frequency, summary.recency, summary.T);
  const triples = weight.length;
  const logShifted = new Float64Array(times.length);
  const inverseShifted = new Float64Array(times.length);
  const logBx = new Float64Array(distinctX.length);
  const inverseBx = new Float64Array(distinctX.length);

  return (params, gradientOut) => {
    const [r, alpha, a, b] = params;
    for (let k = 0; k < times.length; k++) {
      logShifted[k] = Math.log(alpha + times[k]);
      inverseShifted[k] = 1 / (alpha + times[k]);
    }
    let total = 0;
    let dr = 0;
    let dalpha = 0;
    let da = 0;
    let db = 0;
    // A1 + A2, grouped by x.
    const lnAlpha = Math.log(alpha);
    const lgR = gammaln(r);
    const lgAB = gammaln(a + b);
    const lgB = gammaln(b);
    const psiR = digamma(r);
    const psiAB = digamma(a + b);
    const psiB = digamma(b);
    for (let k = 0; k < distinctX.length; k++) {
      const x = distinctX[k];
      const c = countX[k];
      total += c * (gammaln(r + x) - lgR + r * lnAlpha + lgAB + gammaln(b + x) - lgB - gammaln(a + b + x));
      dr += c * (digamma(r + x) - psiR + lnAlpha);
      dalpha += c * (r / alpha);
      da += c * (psiAB - digamma(a + b + x));
      db += c * (psiAB + digamma(b + x) - psiB - digamma(a + b + x));
      logBx[k] = x > 0 ? Math.log(b + x - 1) : 0;
      inverseBx[k] = x > 0 ? 1 / (b + x - 1) : 0;
    }
    const lnA = Math.log(a);
    const inverseA = 1 / a;
    // ln(e^A3 + δ e^A4), per distinct triple, times its count.
    for (let j = 0; j < triples; j++) {
      const w = weight[j];
      const x = tripleX[j];
      const s = r + x;
      const iT = indexT[j];
      const a3 = -s * logShifted[iT];
      if (x === 0) {
        total += w * a3;
        dr -= w * logShifted[iT];
        dalpha -= w * s * inverseShifted[iT];
        continue;
      }
      const kx = indexX[j];
      const iR = indexRecency[j];
      const a4 = lnA - logBx[kx] - s * logShifted[iR];
      // Stable log-sum-exp; w4 = e^A4 / (e^A3 + e^A4).
      const d = a4 - a3;
      let w4: number;
      if (d > 0) {
        const e = Math.exp(-d);
        total += w * (a4 + Math.log1p(e));
        w4 = 1 / (1 + e);
      } else {
        const e = Math.exp(d);
        total += w * (a3 + Math.log1p(e));
        w4 = e / (1 + e);
      }
      const w3 = 1 - w4;
      dr -= w * (w3 * logShifted[iT] + w4 * logShifted[iR]);
      dalpha -= w * s * (w3 * inverseShifted[iT] + w4 * inverseShifted[iR]);
      da += w * w4 * inverseA;
      db -= w * w4 * inverseBx[kx];
    }
    gradientOut[0] = dr;
    gradientOut[1] = dalpha;
    gradientOut[2] = da;
    gradientOut[3] = db;
    return total;
  };
}

/**
 * Fit the BG/NBD model to a frequency/recency/T summary (see `rfmSummary`) by maximum likelihood.
 * Standard errors come from the numeric Hessian of the log-likelihood at the optimum.
 *
 * @example
 * const summary = await rfmSummary(dataset, { calibrationEnd: "1997-09-30", unit: "weeks" });
 * const fit = fitBgNbd(summary); // CDNOW sample: r ≈ 0.243, alpha ≈ 4.414, a ≈ 0.793, b ≈ 2.426
 */
export function fitBgNbd(summary: RfmSummary, options: FitBgNbdOptions = {}): BgNbdFit {
  const n = summary.frequency.length;
  if (n === 0) throw new ParameterError("fitBgNbd: the summary has no customers");
  for (let i = 0; i < n; i++) {
    const x = summary.frequency[i];
    if (!(x >= 0 && Number.isInteger(x)) || !(summary.recency[i] >= 0) || !(summary.T[i] >= summary.recency[i])) {
      throw new ParameterError("fitBgNbd: need integer frequency >= 0 and 0 <= recency <= T", {
        row: i,
        frequency: x,
        recency: summary.recency[i],
        T: summary.T[i],
      });
    }
  }
  let meanT = 0;
  for (let i = 0; i < n; i++) meanT += summary.T[i] / n;
  const initial = [
    options.initial?.r ?? 1,
    options.initial?.alpha ?? Math.max(1, meanT),
    options.initial?.a ?? 1,
    options.initial?.b ?? 1,
  ];
  const logLikelihood = bgNbdLogLikelihood(summary);
  const fit = maximizePositiveLikelihood({ parameterNames: NAMES, observationCount: n, logLikelihood }, initial, options);
  const p = fit.parameters;
  const se = fit.standardErrors;
  return {
    r: p.r,
    alpha: p.alpha,
    a: p.a,
    b: p.b,
    logLikelihood: fit.logLikelihood,
    standardErrors: { r: se.r, alpha: se.alpha, a: se.a, b: se.b },
    customerCount: n,
    gradientNorm: fit.gradientNorm,
  };
}
