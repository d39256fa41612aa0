/**
 * Maximum-likelihood fitting of models with strictly positive parameters (BG/NBD, Gamma-Gamma):
 * fmin's conjugate-gradient minimiser on the mean negative log-likelihood over log-parameters (so
 * positivity needs no constraint and the problem is well scaled), then standard errors from the
 * inverse of the observed information, i.e. minus the numeric Hessian of the total log-likelihood
 * at the optimum (central differences of the analytic gradient).
 */
import { conjugateGradient } from "./fmin.js";
import { Matrix, inverse } from "ml-matrix";
import { ParameterError } from "../errors/index.js";

/** A log-likelihood over positive parameters, with its analytic gradient. */
export interface PositiveParameterLikelihood {
  /** Parameter names, in the order of the parameter vector. */
  parameterNames: readonly string[];
  /** Number of observations (the objective is divided by it for scaling). */
  observationCount: number;
  /** Total log-likelihood at `params`; writes d logL / d param_i into `gradientOut[i]`. */
  logLikelihood(params: readonly number[], gradientOut: number[]): number;
}

export interface MaximumLikelihoodOptions {
  /** Conjugate-gradient iterations at most; default 1000. */
  maxIterations?: number;
  /** Relative step for the numeric Hessian; default 1e-5. */
  hessianRelativeStep?: number;
}

export interface MaximumLikelihoodFit {
  /** Fitted parameters by name. */
  parameters: Record<string, number>;
  /** Total log-likelihood at the optimum. */
  logLikelihood: number;
  /** Standard errors by name (sqrt of the diagonal of the inverse observed information); NaN if singular. */
  standardErrors: Record<string, number>;
  /** Norm of the gradient of the mean log-likelihood w.r.t. log-parameters at the end (≈0 at an optimum). */
  gradientNorm: number;
}

/**
 * Maximise a log-likelihood over positive parameters starting from `initial`.
 *
 * @example
 * // Exponential rate from 3 waiting times 1, 2, 3: logL = 3 ln(l) - 6 l, maximal at l = 0.5.
 * const fit = maximizePositiveLikelihood({ parameterNames: ["rate"], observationCount: 3,
 *   logLikelihood: ([l], g) => { g[0] = 3 / l - 6; return 3 * Math.log(l) - 6 * l; } }, [1]);
 * fit.parameters.rate; // ≈ 0.5, standard error sqrt(l^2 / 3) ≈ 0.2887
 */
export function maximizePositiveLikelihood(
  model: PositiveParameterLikelihood,
  initial: readonly number[],
  options: MaximumLikelihoodOptions = {},
): MaximumLikelihoodFit {
  const maxIterations = options.maxIterations ?? 1000;
  const hessianRelativeStep = options.hessianRelativeStep ?? 1e-5;
  const dimension = model.parameterNames.length;
  if (initial.length !== dimension || initial.some((v) => !(v > 0))) {
    throw new ParameterError("initial parameters must be positive, one per parameter", { initial, names: model.parameterNames });
  }
  const scale = 1 / Math.max(1, model.observationCount);
  const gradient = new Array<number>(dimension).fill(0);
  // Objective in log-space: f(u) = -logL(exp(u)) / n, df/du_i = -theta_i dlogL/dtheta_i / n.
  const objective = (logParams: number[], gradientOut: number[]): number => {
    const params = logParams.map(Math.exp);
    const value = model.logLikelihood(params, gradient);
    for (let i = 0; i < dimension; i++) gradientOut[i] = -params[i] * gradient[i] * scale;
    // Outside the domain (overflow) the line search must back off: report +Infinity.
    return Number.isFinite(value) ? -value * scale : Number.POSITIVE_INFINITY;
  };
  const best = conjugateGradient(objective, initial.map(Math.log), { maxIterations });
  const params = best.x.map(Math.exp);
  const logLikelihood = model.logLikelihood(params, gradient);
  const gradientNorm = Math.hypot(...best.fxprime);
  const standardErrorValues = standardErrorsFromNumericHessian(model, params, hessianRelativeStep);
  const parameters: Record<string, number> = {};
  const standardErrors: Record<string, number> = {};
  model.parameterNames.forEach((name, i) => {
    parameters[name] = params[i];
    standardErrors[name] = standardErrorValues[i];
  });
  return { parameters, logLikelihood, standardErrors, gradientNorm };
}

/** sqrt(diag((-H)^-1)) with H the Hessian of the total log-likelihood by central differences of the gradient. */
function standardErrorsFromNumericHessian(model: PositiveParameterLikelihood, params: number[], relativeStep: number): number[] {
  const dimension = params.length;
  const hessian = Matrix.zeros(dimension, dimension);
  const plus = new Array<number>(dimension).fill(0);
  const minus = new Array<number>(dimension).fill(0);
  for (let i = 0; i < dimension; i++) {
    const step = relativeStep * params[i];
    const up = params.slice();
    const down = params.slice();
    up[i] += step;
    down[i] -= step;
    model.logLikelihood(up, plus);
    model.logLikelihood(down, minus);
    for (let j = 0; j < dimension; j++) hessian.set(i, j, (plus[j] - minus[j]) / (2 * step));
  }
  const information = Matrix.zeros(dimension, dimension);
  for (let i = 0; i < dimension; i++) {
    for (let j = 0; j < dimension; j++) information.set(i, j, -(hessian.get(i, j) + hessian.get(j, i)) / 2);
  }
  try {
    const covariance = inverse(information);
    return params.map((_, i) => Math.sqrt(covariance.get(i, i)));
  } catch {
    return params.map(() => Number.NaN);
  }
}
