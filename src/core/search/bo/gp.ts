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
import { matern52, PairwiseDifferences, type KernelParams } from './kernel';
import { cholesky, logDeterminant, NotPositiveDefiniteError, solve, type Cholesky } from './linalg';
import { nelderMead, type Box } from './nelder-mead';

export interface Prediction {
  readonly mean: number;
  readonly variance: number;
}

export interface Gp {
  readonly params: KernelParams;
  predict(x: EncodedConfig): Prediction;
  /**
   * The posterior mean with an upper bound of the variance, in O(n·d) instead
   * of O(n²): the variance given the most correlated training point alone.
   * Conditioning on more points never increases a Gaussian's variance, so
   * the bound holds; it lets an optimiser skip most exact predictions.
   */
  bound(x: EncodedConfig): Prediction;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** The posterior of a zero-mean GP with these hyperparameters given y at the points. */
export function conditionGp(points: readonly EncodedConfig[], y: readonly number[], categorical: readonly boolean[], params: KernelParams): Gp {
  const factor = cholesky(new PairwiseDifferences(points, categorical).gram(params), points.length);
  return posterior(points, factor, solve(factor, y), categorical, params);
}

function posterior(points: readonly EncodedConfig[], factor: Cholesky, alpha: Float64Array, categorical: readonly boolean[], params: KernelParams): Gp {
  const n = points.length;
  const dims = categorical.length;
  // The acquisition optimiser calls predict thousands of times: the training points flattened once, the
  // lengthscales inverted once, and two buffers reused, so a prediction allocates nothing.
  const coords = new Float64Array(n * dims);
  const active = new Uint8Array(n * dims);
  points.forEach((p, i) => {
    for (let d = 0; d < dims; d++) {
      coords[i * dims + d] = p.u[d] as number;
      active[i * dims + d] = p.active[d] ? 1 : 0;
    }
  });
  const inverse = new Float64Array(params.lengthscales.map((l) => 1 / (l * l)));
  const isCategorical = Uint8Array.from(categorical, (c) => (c ? 1 : 0));
  const { lower } = factor;
  const k = new Float64Array(n);
  const v = new Float64Array(n);
  // The training covariance's diagonal as factored: signal, noise and any jitter the factorisation needed.
  const diagonal = params.signal + params.noise + factor.jitter;
  const floor = 1e-12 * params.signal;
  // Spaces without categorical or conditional parameters (every point active everywhere) skip the per-dimension
  // tests in the innermost loop; the sum is the same, term by term.
  const ordered = !categorical.some((c) => c) && active.every((a) => a === 1);
  const xu = new Float64Array(dims);
  /** Fills k with the covariances to the training points and returns the posterior mean. */
  const covariances = (x: EncodedConfig): number => {
    const plain = ordered && x.active.every((a) => a);
    for (let d = 0; d < dims; d++) xu[d] = x.u[d] as number;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      let r2 = 0;
      const row = i * dims;
      if (plain) {
        for (let d = 0; d < dims; d++) {
          const diff = (xu[d] as number) - (coords[row + d] as number);
          r2 += diff * diff * (inverse[d] as number);
        }
      } else {
        for (let d = 0; d < dims; d++) {
          if (!x.active[d] || active[row + d] === 0) continue;
          const diff = (xu[d] as number) - (coords[row + d] as number);
          if (isCategorical[d] === 1) r2 += Math.abs(diff) < 1e-12 ? 0 : (inverse[d] as number);
          else r2 += diff * diff * (inverse[d] as number);
        }
      }
      const ki = params.signal * matern52(Math.sqrt(r2));
      k[i] = ki;
      mean += ki * (alpha[i] as number);
    }
    return mean;
  };
  return {
    params,
    bound(x) {
      const mean = covariances(x);
      let strongest = 0;
      for (let i = 0; i < n; i++) strongest = Math.max(strongest, Math.abs(k[i] as number));
      // A hair above the exact single-point value, so rounding in the full solve can never exceed it.
      return { mean, variance: Math.max(params.signal - (strongest * strongest) / diagonal, floor) * (1 + 1e-9) };
    },
    predict(x) {
      const mean = covariances(x);
      // v = L⁻¹k by forward substitution; the variance the data explain is |v|².
      let explained = 0;
      for (let i = 0; i < n; i++) {
        const row = i * n;
        let s = k[i] as number;
        for (let j = 0; j < i; j++) s -= (lower[row + j] as number) * (v[j] as number);
        const vi = s / (lower[row + i] as number);
        v[i] = vi;
        explained += vi * vi;
      }
      // The latent function's variance: what is left of the prior after the data, never negative.
      return { mean, variance: Math.max(params.signal - explained, floor) };
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
}

const DEFAULT_FIT: FitOptions = { restarts: 2, evaluations: 150 };

/** A GP fitted to y at the points, predicting in y's units. y must be finite and non-empty. */
export function fitGp(points: readonly EncodedConfig[], y: readonly number[], categorical: readonly boolean[], rng: Random, options: Partial<FitOptions> = {}): Gp {
  return standardisedGp(points, y, categorical, fitHyperparameters(points, y, categorical, rng, options));
}

/** y's centre and scale, and y in those units. */
function standardise(y: readonly number[]): { centre: number; scale: number; z: number[] } {
  const n = y.length;
  const centre = y.reduce((a, b) => a + b, 0) / n;
  const spread = Math.sqrt(y.reduce((a, b) => a + (b - centre) ** 2, 0) / n);
  // All-equal targets carry no scale; any positive one gives the same proposals.
  const scale = spread > 1e-12 * Math.max(1, Math.abs(centre)) ? spread : 1;
  return { centre, scale, z: y.map((v) => (v - centre) / scale) };
}

/**
 * The hyperparameters for y at the points, for y standardised (so the signal
 * and noise are fractions of y's variance): the maximum of the log marginal
 * likelihood plus the priors, from the prior's centre and `restarts` seeded
 * starts. A function of its inputs alone, so a caller may reuse the result
 * wherever the inputs repeat.
 */
export function fitHyperparameters(points: readonly EncodedConfig[], y: readonly number[], categorical: readonly boolean[], rng: Random, options: Partial<FitOptions> = {}): KernelParams {
  const restarts = options.restarts ?? DEFAULT_FIT.restarts;
  const evaluations = options.evaluations ?? DEFAULT_FIT.evaluations;
  const { z } = standardise(y);
  const dims = categorical.length;
  const pairs = new PairwiseDifferences(points, categorical);
  const m = points.length;
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
    const alpha = solve(factor, z);
    let fit = 0;
    for (let i = 0; i < m; i++) fit += (z[i] as number) * (alpha[i] as number);
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
  return unpack(best.x);
}

/** The posterior given y at the points, with hyperparameters for standardised targets, predicting in y's units. */
export function standardisedGp(points: readonly EncodedConfig[], y: readonly number[], categorical: readonly boolean[], params: KernelParams): Gp {
  const { centre, scale, z } = standardise(y);
  const factor = cholesky(new PairwiseDifferences(points, categorical).gram(params), points.length);
  const standard = posterior(points, factor, solve(factor, z), categorical, params);
  return {
    params,
    predict(x) {
      const p = standard.predict(x);
      return { mean: centre + scale * p.mean, variance: scale * scale * p.variance };
    },
    bound(x) {
      const p = standard.bound(x);
      return { mean: centre + scale * p.mean, variance: scale * scale * p.variance };
    },
  };
}

function logNormalDensity(x: number, prior: { mean: number; sd: number }): number {
  const t = (x - prior.mean) / prior.sd;
  return -0.5 * t * t;
}
