/**
 * The initial design: points spread over the unit cube before any model is
 * fitted. A Latin hypercube puts exactly one point in each of n slices of
 * every dimension, so even a handful of points sees each parameter's whole
 * range; the shuffles come from a seeded stream, so a run's design is the
 * same on resume.
 */
import type { Random } from '../../random';

/**
 * How many design points precede the model: the study's `searcher_initial`,
 * else half the dimensions, at least 5. The model is a GP with priors on its
 * lengthscales, so it is a better guide than further space-filling after a
 * handful of points: it need not see dims + 1 points to pin a trend in every
 * dimension, and each design point spent is one the model cannot place where
 * it matters, which costs most at small budgets (Bossek et al., 2020, found
 * small initial designs best on most problems). On the NMTHPO tables (six
 * dimensions) 5 points beat 7 and 13 on three tables of four at 20
 * evaluations and tied on the fourth (docs/benchmarks.md).
 */
export function initialDesignSize(dims: number, initial?: number): number {
  return initial ?? Math.max(5, Math.ceil(dims / 2));
}

export function latinHypercube(n: number, dims: number, rng: Random): number[][] {
  const points = Array.from({ length: n }, () => new Array<number>(dims).fill(0));
  for (let d = 0; d < dims; d++) {
    const slices = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    for (let i = 0; i < n; i++) (points[i] as number[])[d] = ((slices[i] as number) + rng.float()) / n;
  }
  return points;
}
