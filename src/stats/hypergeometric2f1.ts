/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1, by its defining power series
 * (Abramowitz & Stegun 15.1.1): sum_k (a)_k (b)_k / (c)_k z^k / k!. The BG/NBD conditional
 * expectation (Fader, Hardie & Lee 2005, eq. 10) needs it at z = t / (alpha + T + t) < 1; no
 * well-kept npm package provides 2F1, so the series lives here.
 */
import { ParameterError } from "../errors/index.js";

export interface Hyp2f1Options {
  /** Stop when a term is below this fraction of the running sum; default 1e-14. */
  relativeTolerance?: number;
  /** Give up after this many terms; default 100000 (z close to 1 converges slowly). */
  maxTerms?: number;
}

/**
 * 2F1(a, b; c; z) for z in [0, 1) and c > 0.
 *
 * @example
 * hyp2f1(1, 1, 2, 0.5); // = -ln(1 - 0.5) / 0.5 = 1.3862943611198906
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  const relativeTolerance = options.relativeTolerance ?? 1e-14;
  const maxTerms = options.maxTerms ?? 100_000;
  if (!(z >= 0 && z < 1)) throw new ParameterError(`hyp2f1: z must be in [0, 1), got ${z}`, { z });
  if (!(c > 0)) throw new ParameterError(`hyp2f1: c must be > 0, got ${c}`, { c });
  let term = 1;
  let sum = 1;
  for (let k = 0; k < maxTerms; k++) {
    // Ratio of consecutive terms: (a+k)(b+k) / ((c+k)(k+1)) * z.
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    if (Math.abs(term) <= relativeTolerance * Math.abs(sum)) return sum;
  }
  throw new ParameterError(`hyp2f1: series did not converge in ${maxTerms} terms (z = ${z})`, { a, b, c, z });
}
