/**
 * Bayesian optimisation: a Gaussian process models the objective over the
 * encoded space, and the next config maximises log expected improvement.
 *
 * Stateless like every searcher: the proposal is a function of the RunState
 * (and the run's seed), so a resumed run proposes what the uninterrupted one
 * would have.
 *
 * What the model sees, per trial:
 * - the objective at one resource, the largest that at least dims + 2 trials
 *   reached (see fidelity.ts), each trial at its value there (several
 *   objectives: a ParEGO scalarisation of them, see scalarise.ts). Under FIFO
 *   that is the full resource as soon as enough trials finished; inside ASHA
 *   or Hyperband it is the highest rung with enough data, as in BOHB. Trials
 *   that stopped below it are left out (their configs are still never
 *   proposed again);
 * - a trial that failed or was discarded without a value there counts as the
 *   worst modelled value, so the search moves away from where runs crash;
 * - a pending or running trial without a value there counts as the worst
 *   value too (a "constant liar"), so parallel slots get different configs
 *   instead of the same optimum of the acquisition;
 * - NaN and infinite values are ignored, as if not reported.
 * Objectives to maximise are negated: the model always minimises.
 * Without objectives (nothing to model) the search is random.
 *
 * The model sees what ran: a trial's config is the one the backend resolved
 * its proposal to (a table's row). Given the study's `resolve`, every
 * candidate is resolved before it is scored or checked against the tried
 * configs, so a proposal never lands on a row already evaluated while an
 * untried one is left.
 *
 * The GP's hyperparameters are refitted only at refit points (every trial at
 * first, then each time the trials grew by a tenth) and reused in between;
 * they are still a function of the run state (see hyperparameters.ts).
 *
 * Until the initial design is used up (`searcher_initial`, else half the
 * dimensions, at least 5, see design.ts) the design's points are proposed in order. Under a
 * multi-fidelity scheduler, a third of the later proposals are random (as in
 * BOHB): a model fitted at a low rung ranks configs only as well as that rung
 * predicts the final result, and the random share bounds what a misleading
 * model can cost against random search inside the same scheduler. When no
 * model can be fitted (too few values) or every candidate was tried, random
 * search takes over, which also ends the search when a finite space is
 * exhausted.
 */
import { Random } from '../../random';
import type { RunState, Trial } from '../../journal/state';
import type { Objective } from '../../schedule/scheduler';
import { SpaceError } from '../../space/axis';
import { configKey, type Config } from '../../space/config';
import { spaceEncoder, type EncodedConfig } from '../../space/encode';
import type { Parameter } from '../../space/model';
import { createRandomSearcher } from '../random';
import type { Resolve, Searcher } from '../searcher';
import { logExpectedImprovement } from './acquisition';
import { initialDesignSize, latinHypercube } from './design';
import { standardisedGp } from './gp';
import { modelResource, reachOf } from './fidelity';
import { maximiseAcquisition } from './optimise';
import { hyperparameterCache, refitPoint } from './hyperparameters';
import { limitPoints, type Modelled } from './modelled';
import { trialTargets } from './scalarise';
import { normalScores } from './warp';

export interface BoOptions {
  /** Trials proposed from the initial design before the model takes over. */
  readonly initial?: number;
  /** What a proposal runs as, where the backend replaces proposals (a recorded table). */
  readonly resolve?: Resolve;
  /** The scheduler stops or pauses trials at rungs (ASHA, Hyperband): mix in random proposals. */
  readonly multiFidelity?: boolean;
}

/**
 * The GP is conditioned on at most this many points: the best half and the
 * most recent rest. Every prediction costs the square of the points (the
 * acquisition search makes about a thousand), and the far-from-best old
 * points barely move the proposal: where EI is high, the model is shaped by
 * the good points and the latest ones around them.
 */
const MODEL_POINTS = 128;
const INCUMBENTS = 2;
/** BOHB's share of random proposals under a multi-fidelity scheduler. */
const RANDOM_SHARE = 1 / 3;


export function createBoSearcher(params: readonly Parameter[], objectives: readonly Objective[], options: BoOptions = {}): Searcher {
  const encoder = spaceEncoder(params);
  const dims = encoder.dimensions.length;
  const categorical = encoder.dimensions.map((d) => d.categorical);
  const designSize = initialDesignSize(dims, options.initial);
  const minPoints = dims + 2;
  const resolve = options.resolve ?? ((c: Config) => c);
  const fallback = createRandomSearcher(params);
  const fits = hyperparameterCache();

  return {
    suggest(state: RunState, bracket: number): Config | undefined {
      if (dims === 0 || objectives.length === 0) return fallback.suggest(state, bracket);
      const trials = state.order.map((id) => state.trials.get(id)).filter((t): t is Trial => t !== undefined);
      const tried = triedKeys(trials);
      const seeded = Random.fromSeed(state.seed);

      if (trials.length < designSize) {
        const design = latinHypercube(designSize, dims, seeded.fork('bo/design'));
        for (let i = trials.length; i < designSize; i++) {
          const config = resolve(encoder.decode(design[i] as number[]));
          if (!tried.has(configKey(config))) return config;
        }
      }

      const rng = seeded.fork(`bo/${trials.length}`);
      if (options.multiFidelity && rng.fork('share').float() < RANDOM_SHARE) return fallback.suggest(state, bracket);
      const resource = modelResource(trials, minPoints) ?? (options.multiFidelity ? undefined : Math.max(...trials.map(reachOf)));
      if (resource === undefined || !(resource > 0)) return fallback.suggest(state, bracket);
      const modelled = modelPoints(trials, resource, trialTargets(trials, objectives, resource, rng.fork('weights')), encoder.encode);
      const observed = modelled.filter((m) => m.observed);
      if (observed.length === 0) return fallback.suggest(state, bracket);
      const kept = limitPoints(modelled, MODEL_POINTS);
      // Ranked among the observed values only; pending and failed trials then take the worst score, as they took the worst value.
      const scores = normalScores(kept.filter((m) => m.observed).map((m) => m.y));
      const worstScore = Math.max(...scores) + 1;
      let next = 0;
      const z = kept.map((m) => (m.observed ? (scores[next++] as number) : worstScore));
      const params = fits.hyperparameters(modelled, refitPoint(trials.length, designSize), categorical, seeded);
      const gp = standardisedGp(kept.map((m) => m.x), z, categorical, params);
      const best = Math.min(...z.filter((_, i) => (kept[i] as Modelled).observed));
      const incumbents = observed.slice().sort((a, b) => a.y - b.y).slice(0, INCUMBENTS).map((m) => m.x);
      const config = maximiseAcquisition({
        encoder, tried, incumbents, resolve, rng: rng.fork('acquisition'),
        score: (x) => {
          const p = gp.predict(x);
          return logExpectedImprovement(p.mean, Math.sqrt(p.variance), best);
        },
        // EI grows with the standard deviation at a fixed mean, so the variance's bound bounds it.
        upper: (x) => {
          const p = gp.bound(x);
          return logExpectedImprovement(p.mean, Math.sqrt(p.variance), best);
        },
      });
      return config ?? fallback.suggest(state, bracket);
    },
  };
}

/** Every config a trial already ran as, and every proposal a backend replaced: none is proposed again. */
function triedKeys(trials: readonly Trial[]): Set<string> {
  const keys = new Set<string>();
  for (const t of trials) {
    keys.add(configKey(t.config));
    if (t.proposed) keys.add(configKey(t.proposed));
  }
  return keys;
}

/** Every trial the model can use at `resource`, with its target to minimise; see the file comment for the rules. */
function modelPoints(trials: readonly Trial[], resource: number, targets: readonly (number | undefined)[], encode: (c: Config) => EncodedConfig): Modelled[] {
  const valued: Modelled[] = [];
  const unvalued: { x: EncodedConfig; index: number }[] = [];
  trials.forEach((t, index) => {
    const x = encodable(t.config, encode);
    if (!x) return;
    const y = reachOf(t) >= resource ? targets[index] : undefined;
    if (y !== undefined) valued.push({ x, y, index, observed: true });
    else if (t.state === 'failed' || t.state === 'discarded' || t.state === 'pending' || t.state === 'running') unvalued.push({ x, index });
  });
  if (valued.length === 0) return [];
  const worst = Math.max(...valued.map((m) => m.y));
  return [...valued, ...unvalued.map((u) => ({ ...u, y: worst, observed: false }))];
}

/**
 * A trial's config as a point, or undefined when it is not a point of this
 * space: a resumed run whose study file changed its parameters since. Such a
 * trial still blocks its config from repeating; the model just cannot place it.
 */
function encodable(config: Config, encode: (c: Config) => EncodedConfig): EncodedConfig | undefined {
  try {
    return encode(config);
  } catch (e) {
    if (e instanceof SpaceError) return undefined;
    throw e;
  }
}
