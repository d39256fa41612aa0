/**
 * BG/NBD predictions (Fader, Hardie & Lee 2005): unconditional expected purchases (eq. 7),
 * conditional expected purchases in the next t periods (eq. 10) and the probability that a customer
 * is still alive (Fader, Hardie & Lee 2008 note "Computing P(alive) Using the BG/NBD Model", eq. 1).
 * Time is in the summary's unit.
 */
import { hyp2f1 } from "../stats/index.js";
import type { BgNbdParameters } from "./bgnbd.js";

/**
 * E[X(t)]: expected purchases of a new customer in (0, t] (eq. 7).
 *
 * @example
 * bgNbdExpectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39);
 */
export function bgNbdExpectedPurchases(params: BgNbdParameters, t: number): number {
  const { r, alpha, a, b } = params;
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t periods for a customer with x repeat
 * purchases, the last at t_x, observed for T (eq. 10).
 *
 * @example
 * bgNbdConditionalExpectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 2, 30.43, 38.86); // ≈ 1.226
 */
export function bgNbdConditionalExpectedPurchases(params: BgNbdParameters, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const head = (a + b + x - 1) / (a - 1);
  const survival = Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const deadTerm = x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0;
  return (head * (1 - survival)) / (1 + deadTerm);
}

/**
 * P(alive | x, t_x, T) = 1 / (1 + δ(x>0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).
 *
 * @example
 * bgNbdProbabilityAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 0, 0, 38.86); // 1 (never repurchased: assumed alive)
 */
export function bgNbdProbabilityAlive(params: BgNbdParameters, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x));
}
