/**
 * Gaussian-process regression for the BO searcher.
 *
 * `conditionGp` is the textbook posterior for fixed hyperparameters and a zero
 * prior mean. `fitGp` standardises the targets (zero mean, unit variance, so
 * one set of priors and bounds fits every objective's scale), fits the
 * hyperparameters by maximising the log marginal likelihood plus weak
 * log-normal priors from a few seeded starts, and reports predictions back in
 * the targets' own units.
 */
import type { Random } from '../../random';
import type { EncodedConfig } from '../../space/encode';
import { covariance, PairwiseDifferences, type KernelParams } from './kernel';
import { cholesky, logDeterminant, NotPositiveDefiniteError, solve, solveLower, type Cholesky } from './linalg';
import { nelderMead, type Box } from './nelder-mead';

export interface Prediction {
  readonly mean: number;
  readonly variance: number;
}

export interface Gp {
  readonly params: KernelParams;
  predict(x: EncodedConfig): Prediction;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** The posterior of a zero-mean GP with these hyperparameters given y at the points. */
export function conditionGp(points: readonly EncodedConfig[], y: readonly number[], categorical: readonly boolean[], params: KernelParams): Gp {
  const factor = cholesky(new PairwiseDifferences(points, categorical).gram(params), points.length);
  return posterior(points, factor, solve(factor, y), categorical, params);
}

function posterior(points: readonly EncodedConfig[], factor: Cholesky, alpha: Float64Array, categorical: readonly boolean[], params: KernelParams): Gp {
  const n = points.length;
  const k = new Float64Array(n);
  return {
    params,
    predict(x) {
      // The acquisition optimiser calls this thousands of times: one buffer, no per-call allocation but the solve's.
      let mean = 0;
      for (let i = 0; i < n; i++) {
        k[i] = covariance(x, points[i] as EncodedConfig, params, categorical);
        mean += (k[i] as number) * (alpha[i] as number);
      }
      const v = solveLower(factor, k);
      let explained = 0;
      for (let i = 0; i < n; i++) explained += (v[i] as number) ** 2;
      // The latent function's variance: what is left of the prior after the data, never negative.
      return { mean, variance: Math.max(params.signal - explained, 1e-12 * params.signal) };
    },
  };
}

/**
 * Priors on the log hyperparameters (normal in log space, i.e. log-normal):
 * weak enough that data overrule them, strong enough that a handful of points
 * cannot drive a lengthscale to a bound. Lengthscales centre on half the unit
 * cube; the signal on the standardised targets' unit variance; noise on a
 * small fraction of it, since most objectives are nearly deterministic given
 * the config but some are not.
 */
const PRIOR = {
  lengthscale: { mean: Math.log(0.5), sd: 1.5 },
  signal: { mean: 0, sd: 1.5 },
  noise: { mean: Math.log(1e-3), sd: 3 },
};
const BOUNDS = {
  lengthscale: [Math.log(0.01), Math.log(20)],
  signal: [Math.log(0.05), Math.log(20)],
  noise: [Math.log(1e-6), Math.log(1)],
} as const;

export interface FitOptions {
  /** Seeded starts for the optimiser beyond the prior's centre. */
  readonly restarts: number;
  /** Likelihood evaluations per start. */
  readonly evaluations: number;
  /**
   * Indices of the points the hyperparameters are fitted to, when not all:
   * each likelihood evaluation costs the cube of their number, the posterior
   * only the square of all points.
   */
  readonly fitOn?: readonly number[];
}

const DEFAULT_FIT: FitOptions = { restarts: 2, evaluations: 150 };

/** A GP fitted to y at the points, predicting in y's units. y must be finite and non-empty. */
export function fitGp(points: readonly EncodedConfig[], y: readonly number[], categorical: readonly boolean[], rng: Random, options: Partial<FitOptions> = {}): Gp {
  const restarts = options.restarts ?? DEFAULT_FIT.restarts;
  const evaluations = options.evaluations ?? DEFAULT_FIT.evaluations;
  const n = y.length;
  const centre = y.reduce((a, b) => a + b, 0) / n;
  const spread = Math.sqrt(y.reduce((a, b) => a + (b - centre) ** 2, 0) / n);
  // All-equal targets carry no scale; any positive one gives the same proposals.
  const scale = spread > 1e-12 * Math.max(1, Math.abs(centre)) ? spread : 1;
  const z = y.map((v) => (v - centre) / scale);
  const dims = categorical.length;
  const fitOn = options.fitOn ?? points.map((_, i) => i);
  const pairs = new PairwiseDifferences(fitOn.map((i) => points[i] as EncodedConfig), categorical);
  const fitZ = fitOn.map((i) => z[i] as number);
  const m = fitOn.length;
  const unpack = (theta: readonly number[]): KernelParams => ({
    lengthscales: theta.slice(0, dims).map(Math.exp),
    signal: Math.exp(theta[dims] as number),
    noise: Math.exp(theta[dims + 1] as number),
  });
  const negativePosterior = (theta: readonly number[]): number => {
    let factor: Cholesky;
    try {
      factor = cholesky(pairs.gram(unpack(theta)), m);
    } catch (e) {
      if (e instanceof NotPositiveDefiniteError) return Infinity;
      throw e;
    }
    const alpha = solve(factor, fitZ);
    let fit = 0;
    for (let i = 0; i < m; i++) fit += (fitZ[i] as number) * (alpha[i] as number);
    const logLikelihood = -0.5 * fit - 0.5 * logDeterminant(factor) - 0.5 * m * LOG_2PI;
    let logPrior = 0;
    for (let d = 0; d < dims; d++) logPrior += logNormalDensity(theta[d] as number, PRIOR.lengthscale);
    logPrior += logNormalDensity(theta[dims] as number, PRIOR.signal);
    logPrior += logNormalDensity(theta[dims + 1] as number, PRIOR.noise);
    return -(logLikelihood + logPrior);
  };
  const box: Box = {
    lower: [...new Array<number>(dims).fill(BOUNDS.lengthscale[0]), BOUNDS.signal[0], BOUNDS.noise[0]],
    upper: [...new Array<number>(dims).fill(BOUNDS.lengthscale[1]), BOUNDS.signal[1], BOUNDS.noise[1]],
  };
  const starts = [[...new Array<number>(dims).fill(PRIOR.lengthscale.mean), PRIOR.signal.mean, Math.log(1e-2)]];
  for (let r = 0; r < restarts; r++) starts.push(box.lower.map((lo, i) => lo + rng.float() * ((box.upper[i] as number) - lo)));
  let best = { x: starts[0] as number[], value: Infinity };
  for (const start of starts) {
    const found = nelderMead(negativePosterior, start, box, { maxEvaluations: evaluations, step: 0.7 });
    if (found.value < best.value) best = found;
  }
  const params = unpack(best.x);
  const factor = cholesky((options.fitOn ? new PairwiseDifferences(points, categorical) : pairs).gram(params), n);
  const standard = posterior(points, factor, solve(factor, z), categorical, params);
  return {
    params,
    predict(x) {
      const p = standard.predict(x);
      return { mean: centre + scale * p.mean, variance: scale * scale * p.variance };
    },
  };
}

function logNormalDensity(x: number, prior: { mean: number; sd: number }): number {
  const t = (x - prior.mean) / prior.sd;
  return -0.5 * t * t;
}
