/**
 * Nelder–Mead minimisation inside a box. Gradient-free, which suits fitting a
 * handful of GP hyperparameters in log space: the likelihood is cheap for the
 * sizes a searcher sees and smooth enough, and no gradients have to be kept
 * in step with the kernel. Points are clamped to the box, so the simplex
 * slides along a bound rather than leaving it.
 */

export interface Box {
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

export interface Minimum {
  readonly x: number[];
  readonly value: number;
}

export function nelderMead(f: (x: readonly number[]) => number, start: readonly number[], box: Box, options: { maxEvaluations: number; step: number; tolerance?: number }): Minimum {
  const dims = start.length;
  const clamp = (x: number[]): number[] => x.map((v, i) => Math.min(box.upper[i] as number, Math.max(box.lower[i] as number, v)));
  // A non-finite value (a failed factorisation) ranks worst instead of poisoning the simplex.
  const evaluate = (x: number[]): Minimum => {
    const value = f(x);
    return { x, value: Number.isFinite(value) ? value : Infinity };
  };
  const simplex: Minimum[] = [evaluate(clamp(start.slice()))];
  for (let i = 0; i < dims; i++) {
    const x = start.slice();
    // Step away from the nearer bound so the vertex stays distinct after clamping.
    x[i] = (x[i] as number) + ((x[i] as number) + options.step > (box.upper[i] as number) ? -options.step : options.step);
    simplex.push(evaluate(clamp(x)));
  }
  let evaluations = simplex.length;
  const tolerance = options.tolerance ?? 1e-6;
  while (evaluations < options.maxEvaluations) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0] as Minimum;
    const worst = simplex[dims] as Minimum;
    if (Math.abs(worst.value - best.value) <= tolerance * (1 + Math.abs(best.value))) break;
    const centroid = new Array<number>(dims).fill(0);
    for (let k = 0; k < dims; k++) for (let i = 0; i < dims; i++) centroid[i] = (centroid[i] as number) + ((simplex[k] as Minimum).x[i] as number) / dims;
    const along = (t: number): number[] => clamp(centroid.map((c, i) => c + t * (c - (worst.x[i] as number))));
    const reflected = evaluate(along(1));
    evaluations++;
    if (reflected.value < best.value) {
      const expanded = evaluate(along(2));
      evaluations++;
      simplex[dims] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < (simplex[dims - 1] as Minimum).value) {
      simplex[dims] = reflected;
    } else {
      const contracted = evaluate(along(reflected.value < worst.value ? 0.5 : -0.5));
      evaluations++;
      if (contracted.value < Math.min(worst.value, reflected.value)) {
        simplex[dims] = contracted;
      } else {
        for (let k = 1; k <= dims; k++) {
          simplex[k] = evaluate(clamp((simplex[k] as Minimum).x.map((v, i) => (best.x[i] as number) + 0.5 * (v - (best.x[i] as number)))));
          evaluations++;
        }
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0] as Minimum;
}
