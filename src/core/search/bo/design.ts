/**
 * The initial design: points spread over the unit cube before any model is
 * fitted. A Latin hypercube puts exactly one point in each of n slices of
 * every dimension, so even a handful of points sees each parameter's whole
 * range; the shuffles come from a seeded stream, so a run's design is the
 * same on resume.
 */
import type { Random } from '../../random';

/** How many design points precede the model: the study's `searcher_initial`, else 2·dims + 1 within [5, 20]. */
export function initialDesignSize(dims: number, initial?: number): number {
  return initial ?? Math.max(5, Math.min(20, 2 * dims + 1));
}

export function latinHypercube(n: number, dims: number, rng: Random): number[][] {
  const points = Array.from({ length: n }, () => new Array<number>(dims).fill(0));
  for (let d = 0; d < dims; d++) {
    const slices = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    for (let i = 0; i < n; i++) (points[i] as number[])[d] = ((slices[i] as number) + rng.float()) / n;
  }
  return points;
}
