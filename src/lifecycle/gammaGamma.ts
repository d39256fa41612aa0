/**
 * Gamma-Gamma model of spend per transaction, fitted by maximum likelihood on repeat buyers.
 * Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis",
 * JMR 42(4); and Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value", eqs. (1)–(5).
 *
 * A customer's transaction values are Gamma(p, nu) with nu ~ Gamma(q, gamma) across customers
 * (gamma is called `v` here, as in the issue). The mean m_x of x transactions has density
 *   f(m_x | p, q, v, x) = Γ(px+q) / (Γ(px) Γ(q)) · v^q m_x^(px−1) x^(px) / (v + x m_x)^(px+q),
 * and the expected spend given (x, m_x) is E[M] = p (v + x m_x) / (p x + q − 1) (eq. 5).
 */
import gammaln from "@stdlib/math-base-special-gammaln";
import digamma from "@stdlib/math-base-special-digamma";
import { ParameterError } from "../errors/index.js";
import { maximizePositiveLikelihood, type MaximumLikelihoodOptions } from "../stats/index.js";
import type { RfmSummary } from "./rfmSummaryTypes.js";
import { indexDistinctValues } from "./uniqueIndex.js";

/** Gamma-Gamma parameters (`v` is the scale of the spend-rate heterogeneity, gamma in the papers). */
export interface GammaGammaParameters {
  p: number;
  q: number;
  v: number;
}

export interface GammaGammaFit extends GammaGammaParameters {
  logLikelihood: number;
  standardErrors: GammaGammaParameters;
  /** Repeat buyers the model was fitted on (frequency > 0 and monetary > 0). */
  customerCount: number;
  gradientNorm: number;
  /**
   * q > 1: the population mean spend p v / (q − 1) exists. When false, customers without repeat
   * purchases (and any with p x + q <= 1) have no model expected spend; see `warnings`.
   */
  meanDefined: boolean;
  /** Plain-language problems with the fit (empty when none). */
  warnings: string[];
}

/** What to do where the Gamma-Gamma expected spend is undefined (p x + q <= 1). */
export type SpendFallback = "observed-mean";

export interface ExpectedSpendOptions {
  /**
   * Undefined expectation (p x + q <= 1, e.g. q <= 1 and no repeat purchase): by default a
   * ParameterError; `"observed-mean"` uses the customer's own mean spend when they have repeat
   * purchases, else `populationMeanSpend`.
   */
  spendFallback?: SpendFallback;
  /** Mean spend to use for customers without repeat purchases under the fallback (e.g. mean of repeat buyers' monetary values). */
  populationMeanSpend?: number;
}

/** Text of the q <= 1 warning and of the refusal, saying what to do. */
export function gammaGammaUndefinedMeanAdvice(q: number): string {
  return (
    `Gamma-Gamma fit has q = ${q.toPrecision(3)} <= 1: the mean spend p(v + x m)/(p x + q − 1) is undefined or negative ` +
    "for customers with few repeat purchases (the spend distribution across customers is too heavy-tailed for one Gamma). " +
    "Fit per segment (e.g. per plan), summarise subscription payments per covered month (rfmSummary perCoveredMonth: true), " +
    "or choose spendFallback: 'observed-mean'."
  );
}

export interface FitGammaGammaOptions extends MaximumLikelihoodOptions {
  /** Starting values; default p = q = 1, v = mean monetary value. */
  initial?: Partial<GammaGammaParameters>;
}

/** Repeat buyers' (x, m_x), the only customers the model uses (lifetimes does the same). */
function repeatBuyers(summary: RfmSummary): { x: Float64Array; spend: Float64Array } {
  const keep: number[] = [];
  for (let i = 0; i < summary.frequency.length; i++) {
    if (summary.frequency[i] > 0 && summary.monetaryValue[i] > 0) keep.push(i);
  }
  return {
    x: Float64Array.from(keep, (i) => summary.frequency[i]),
    spend: Float64Array.from(keep, (i) => summary.monetaryValue[i]),
  };
}

/** Gamma-Gamma log-likelihood over (x, m_x) pairs with its analytic gradient (d/dp, d/dq, d/dv). */
export function gammaGammaLogLikelihood(x: Float64Array, spend: Float64Array): (params: readonly number[], gradientOut: number[]) => number {
  const n = x.length;
  const { values: distinctX, indexes: [indexX] } = indexDistinctValues(x);
  const sumLogSpendByX = new Float64Array(distinctX.length);
  const countX = new Float64Array(distinctX.length);
  for (let i = 0; i < n; i++) {
    sumLogSpendByX[indexX[i]] += Math.log(spend[i]);
    countX[indexX[i]]++;
  }
  return (params, gradientOut) => {
    const [p, q, v] = params;
    let total = 0;
    let dp = 0;
    let dq = 0;
    let dv = 0;
    const lgQ = gammaln(q);
    const psiQ = digamma(q);
    const lnV = Math.log(v);
    // Terms that depend on x only, grouped by distinct x.
    for (let k = 0; k < distinctX.length; k++) {
      const xk = distinctX[k];
      const c = countX[k];
      const px = p * xk;
      const lnX = Math.log(xk);
      total += c * (gammaln(px + q) - gammaln(px) - lgQ + q * lnV + px * lnX) + (px - 1) * sumLogSpendByX[k];
      dp += c * xk * (digamma(px + q) - digamma(px) + lnX) + xk * sumLogSpendByX[k];
      dq += c * (digamma(px + q) - psiQ + lnV);
    }
    for (let i = 0; i < n; i++) {
      const px = p * x[i];
      const denominator = v + x[i] * spend[i];
      const lnDenominator = Math.log(denominator);
      total -= (px + q) * lnDenominator;
      dp -= x[i] * lnDenominator;
      dq -= lnDenominator;
      dv += q / v - (px + q) / denominator;
    }
    gradientOut[0] = dp;
    gradientOut[1] = dq;
    gradientOut[2] = dv;
    return total;
  };
}

/**
 * Fit the Gamma-Gamma spend model on the repeat buyers of a summary (frequency > 0).
 *
 * @example
 * const gg = fitGammaGamma(summary); // CDNOW sample, 946 repeat buyers: p ≈ 6.25, q ≈ 3.74, v ≈ 15.44
 */
export function fitGammaGamma(summary: RfmSummary, options: FitGammaGammaOptions = {}): GammaGammaFit {
  const { x, spend } = repeatBuyers(summary);
  if (x.length === 0) throw new ParameterError("fitGammaGamma: no repeat buyers with positive spend in the summary");
  let meanSpend = 0;
  for (let i = 0; i < spend.length; i++) meanSpend += spend[i] / spend.length;
  const initial = [options.initial?.p ?? 1, options.initial?.q ?? 1, options.initial?.v ?? meanSpend];
  const fit = maximizePositiveLikelihood(
    { parameterNames: ["p", "q", "v"], observationCount: x.length, logLikelihood: gammaGammaLogLikelihood(x, spend) },
    initial,
    options,
  );
  const { p, q, v } = fit.parameters;
  const se = fit.standardErrors;
  return {
    p,
    q,
    v,
    logLikelihood: fit.logLikelihood,
    standardErrors: { p: se.p, q: se.q, v: se.v },
    customerCount: x.length,
    gradientNorm: fit.gradientNorm,
    meanDefined: q > 1,
    warnings: q > 1 ? [] : [gammaGammaUndefinedMeanAdvice(q)],
  };
}

/** True when the expected spend of a customer with `frequency` repeat purchases is defined: p x + q > 1. */
export function expectedSpendDefined(params: GammaGammaParameters, frequency: number): boolean {
  return params.p * frequency + params.q > 1;
}

/**
 * Expected spend per transaction given a customer's repeat count and mean spend (eq. 5); customers
 * with no repeat purchase get the population mean p v / (q − 1). The posterior of the spend rate is
 * Gamma(p x + q, v + x m), so the expectation exists only when p x + q > 1: otherwise this throws a
 * ParameterError saying what to do, unless `spendFallback: "observed-mean"` is chosen.
 *
 * @example
 * expectedAverageSpend({ p: 6.25, q: 3.74, v: 15.44 }, 0, 0); // 6.25 * 15.44 / 2.74 ≈ 35.22
 * expectedAverageSpend({ p: 2, q: 0.5, v: 10 }, 0, 0, { spendFallback: "observed-mean", populationMeanSpend: 40 }); // 40
 */
export function expectedAverageSpend(params: GammaGammaParameters, frequency: number, monetaryValue: number, options: ExpectedSpendOptions = {}): number {
  const { p, q, v } = params;
  if (expectedSpendDefined(params, frequency)) return (p * (v + frequency * monetaryValue)) / (p * frequency + q - 1);
  if (options.spendFallback === "observed-mean") {
    if (frequency > 0 && monetaryValue > 0) return monetaryValue;
    if (options.populationMeanSpend !== undefined && Number.isFinite(options.populationMeanSpend)) return options.populationMeanSpend;
    throw new ParameterError("expectedAverageSpend: spendFallback 'observed-mean' needs populationMeanSpend for a customer without repeat purchases", { frequency });
  }
  if (options.spendFallback !== undefined) throw new ParameterError(`spendFallback must be 'observed-mean', got '${String(options.spendFallback)}'`);
  throw new ParameterError(gammaGammaUndefinedMeanAdvice(q), { p, q, v, frequency });
}
