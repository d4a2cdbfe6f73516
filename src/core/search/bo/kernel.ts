/**
 * The covariance between two encoded configs: Matérn-5/2 with one lengthscale
 * per dimension (ARD) and a signal variance, plus observation noise on the
 * diagonal of a training matrix.
 *
 * - Ordered dimensions (continuous, int, stepped, ordinal) use the difference
 *   of their unit coordinates.
 * - Categorical dimensions (`choice`) have no order, so their difference is
 *   "same value or not": 0 for the same bucket, 1 otherwise, then scaled by
 *   the dimension's lengthscale like any other. This is the Hamming-style
 *   distance inside the Matérn form; a long lengthscale makes the choice
 *   irrelevant, a short one makes each value its own region.
 * - A dimension inactive in either point (a conditional parameter whose
 *   condition fails) contributes no distance: the points are compared on what
 *   they share.
 */
import type { EncodedConfig } from '../../space/encode';

export interface KernelParams {
  readonly lengthscales: readonly number[];
  readonly signal: number;
  readonly noise: number;
}

const SQRT5 = Math.sqrt(5);

/** Matérn-5/2 correlation at scaled distance r. */
export function matern52(r: number): number {
  const s = SQRT5 * r;
  return (1 + s + (s * s) / 3) * Math.exp(-s);
}

/** Per-dimension squared difference of two points, before lengthscales. */
export function squaredDifference(a: EncodedConfig, b: EncodedConfig, d: number, categorical: boolean): number {
  if (!a.active[d] || !b.active[d]) return 0;
  const diff = (a.u[d] as number) - (b.u[d] as number);
  if (categorical) return Math.abs(diff) < 1e-12 ? 0 : 1;
  return diff * diff;
}

/** k(a, b): the kernel's definition for one pair; a GP's predictions inline the same sum over its flattened training points (gp.ts). */
export function covariance(a: EncodedConfig, b: EncodedConfig, params: KernelParams, categorical: readonly boolean[]): number {
  let r2 = 0;
  for (let d = 0; d < categorical.length; d++) {
    if (!a.active[d] || !b.active[d]) continue;
    const diff = (a.u[d] as number) - (b.u[d] as number);
    const l = params.lengthscales[d] as number;
    if (categorical[d]) r2 += Math.abs(diff) < 1e-12 ? 0 : 1 / (l * l);
    else r2 += (diff * diff) / (l * l);
  }
  return params.signal * matern52(Math.sqrt(r2));
}

/**
 * The per-dimension squared differences of every pair of training points,
 * computed once so each likelihood evaluation while fitting hyperparameters
 * only rescales them.
 */
export class PairwiseDifferences {
  /** [d][i * n + j] */
  private readonly byDimension: Float64Array[];

  constructor(readonly points: readonly EncodedConfig[], readonly categorical: readonly boolean[]) {
    const n = points.length;
    this.byDimension = categorical.map((cat, d) => {
      const m = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) {
          const v = squaredDifference(points[i] as EncodedConfig, points[j] as EncodedConfig, d, cat);
          m[i * n + j] = v;
          m[j * n + i] = v;
        }
      }
      return m;
    });
  }

  /** The training covariance K + noise*I. */
  gram(params: KernelParams): Float64Array {
    const n = this.points.length;
    const k = new Float64Array(n * n);
    const inv = params.lengthscales.map((l) => 1 / (l * l));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        let r2 = 0;
        for (let d = 0; d < inv.length; d++) r2 += ((this.byDimension[d] as Float64Array)[i * n + j] as number) * (inv[d] as number);
        const v = params.signal * matern52(Math.sqrt(r2));
        k[i * n + j] = v;
        k[j * n + i] = v;
      }
      k[i * n + i] = params.signal + params.noise;
    }
    return k;
  }
}
