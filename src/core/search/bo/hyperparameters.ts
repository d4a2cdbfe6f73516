/**
 * When the BO searcher refits the GP's hyperparameters, and on what.
 *
 * The fit (multi-start Nelder-Mead on the marginal likelihood) is the largest
 * fixed cost of a proposal, and once a few dozen values pin the lengthscales
 * down, one more observation barely moves its optimum. So the hyperparameters
 * are fitted at refit points only: after every trial of the initial design's
 * size and then each time the number of trials grew by a tenth (see
 * `refitPoint`). Between refit points the posterior still conditions on every
 * modelled point; only its hyperparameters come from the trials created
 * before the latest refit point.
 *
 * The hyperparameters stay a function of the run state: they are fitted to
 * the values the trials created before the refit point have now, with a seed
 * derived from the run's seed and the refit point. A searcher remembers its
 * last fit and reuses it while those inputs are the same, so a resumed run
 * (a new searcher over the same journal) gets exactly the hyperparameters,
 * and so the proposals, of the uninterrupted one.
 */
import type { Random } from '../../random';
import { fitHyperparameters } from './gp';
import type { KernelParams } from './kernel';
import { limitPoints, type Modelled } from './modelled';
import { normalScores } from './warp';

/**
 * Hyperparameters are fitted to at most this many points (the best half and
 * the most recent rest): the likelihood is evaluated hundreds of times, and
 * its optimum moves little once the data pin down the lengthscales.
 */
const FIT_POINTS = 48;
/** Refit each time the number of trials grew by this fraction since the last refit point (at least one trial). */
const REFIT_GROWTH = 0.1;

/** The latest refit point at or before `trials` trials: design size, then each step a tenth larger, rounded down, at least 1. */
export function refitPoint(trials: number, designSize: number): number {
  let point = Math.max(1, designSize);
  for (;;) {
    const next = point + Math.max(1, Math.floor(point * REFIT_GROWTH));
    if (next > trials) return point;
    point = next;
  }
}

export interface HyperparameterCache {
  /** The hyperparameters for the model's points as of refit point `refit`; `seeded` is the run's seeded generator. */
  hyperparameters(modelled: readonly Modelled[], refit: number, categorical: readonly boolean[], seeded: Random): KernelParams;
}

export function hyperparameterCache(): HyperparameterCache {
  let last: { key: string; params: KernelParams } | undefined;
  return {
    hyperparameters(modelled, refit, categorical, seeded) {
      const observed = modelled.filter((m) => m.observed);
      const before = observed.filter((m) => m.index < refit);
      // Values only (a liar fitted as data would be explained away as noise). When the refit point's trials have
      // fewer than two values (the model's resource moved up since), the fit uses every value there is.
      const fitSet = limitPoints(before.length >= 2 ? before : observed, FIT_POINTS);
      const y = normalScores(fitSet.map((m) => m.y));
      // With many points the data pin the hyperparameters down: one start from the prior's centre and one seeded restart are enough.
      const restarts = fitSet.length >= FIT_POINTS ? 1 : 2;
      const key = JSON.stringify([refit, restarts, y, fitSet.map((m) => [m.x.u, m.x.active])]);
      if (last?.key !== key) {
        const params = fitHyperparameters(fitSet.map((m) => m.x), y, categorical, seeded.fork(`bo/fit/${refit}`), { restarts });
        last = { key, params };
      }
      return last.params;
    },
  };
}
