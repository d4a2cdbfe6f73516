/**
 * What the GP models for each trial: one number to minimise.
 *
 * One objective: its value at the resource the model is fitted at (the last
 * value reported at or below it), negated when the objective is maximised.
 *
 * Several objectives: ParEGO (Knowles, 2006). Each objective is turned into a
 * minimisation and normalised to [0, 1] over the trials that reported all of
 * them; a weight vector drawn uniformly from the simplex (a fresh one per
 * suggestion, from the seeded stream) combines them with the augmented
 * Chebyshev scalarisation max_i(w_i f_i) + 0.05 Σ w_i f_i. Every weight
 * vector's optimum is Pareto-optimal, and drawing a new one each time spreads
 * the proposals along the front.
 *
 * A trial without a finite value for every objective has no target
 * (undefined); NaN and infinities count as missing.
 */
import { valueAt, type Trial } from '../../journal/state';
import type { Random } from '../../random';
import type { Objective } from '../../schedule/scheduler';

/** Weight of the linear term that breaks ties between points the Chebyshev term ranks equal. */
const AUGMENTATION = 0.05;

export function trialTargets(trials: readonly Trial[], objectives: readonly Objective[], resource: number, rng: Random): (number | undefined)[] {
  const raw = trials.map((t) => {
    const values = objectives.map((o) => {
      const v = valueAt(t, o.name, resource);
      return v !== undefined && Number.isFinite(v) ? (o.mode === 'max' ? -v : v) : undefined;
    });
    return values.every((v) => v !== undefined) ? (values as number[]) : undefined;
  });
  if (objectives.length === 1) return raw.map((v) => v?.[0]);
  const complete = raw.filter((v): v is number[] => v !== undefined);
  const low = objectives.map((_, i) => Math.min(...complete.map((v) => v[i] as number)));
  const high = objectives.map((_, i) => Math.max(...complete.map((v) => v[i] as number)));
  const weights = simplexWeights(objectives.length, rng);
  return raw.map((v) => {
    if (!v) return undefined;
    const f = v.map((x, i) => {
      const span = (high[i] as number) - (low[i] as number);
      return span > 0 ? (x - (low[i] as number)) / span : 0;
    });
    const weighted = f.map((x, i) => x * (weights[i] as number));
    return Math.max(...weighted) + AUGMENTATION * weighted.reduce((a, b) => a + b, 0);
  });
}

/** Uniform on the simplex: normalised exponential draws. */
export function simplexWeights(k: number, rng: Random): number[] {
  const e = Array.from({ length: k }, () => -Math.log(1 - rng.float()));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / total);
}
