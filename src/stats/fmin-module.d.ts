/**
 * Type declarations for `fmin` 0.0.4 (Ben Frederickson's unconstrained minimisers), which ships
 * no types. Only the functions icp-lab calls are declared.
 */
declare module "fmin" {
  /** A point with its objective value and gradient, as fmin's minimisers return it. */
  export interface FminPoint {
    x: number[];
    fx: number;
    fxprime: number[];
  }
  /** Polak–Ribière conjugate gradient with a Wolfe line search; `f` writes the gradient into its 2nd argument. */
  export function conjugateGradient(
    f: (x: number[], gradientOut: number[]) => number,
    initial: number[],
    params?: { maxIterations?: number; history?: unknown[] },
  ): FminPoint;
  /** Downhill simplex. */
  export function nelderMead(
    f: (x: number[]) => number,
    initial: number[],
    params?: { maxIterations?: number; minErrorDelta?: number; minTolerance?: number; zeroDelta?: number; nonZeroDelta?: number },
  ): { x: number[]; fx: number };
}
