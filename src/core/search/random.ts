/**
 * Random search. Stateless: the draw for the n-th trial comes from a stream
 * named by the run's seed and n, so a resumed run proposes what the
 * uninterrupted one would have.
 *
 * Configurations never repeat. A repeat is drawn again; when a finite space is
 * small enough to list, the configurations not yet tried are listed once
 * draws keep repeating, and one of them is picked, so the search ends exactly
 * when the space is exhausted.
 */
import { Random } from '../random';
import type { RunState } from '../journal/state';
import { configKey, type Config } from '../space/config';
import { GridError, gridConfigs, gridSize } from '../space/grid';
import type { Parameter } from '../space/model';
import { sampleConfig } from '../space/sample';
import type { Searcher } from './searcher';

/** Finite spaces up to this many configs are listed when draws keep repeating. */
const LISTABLE_SPACE = 100_000;
/**
 * Draws tried before listing what is left; in a space too large to list,
 * this many repeats in a row mean that next to nothing is left untried.
 */
const DRAWS_BEFORE_LISTING = 64;
const DRAWS_IN_LARGE_SPACES = 10_000;

export function createRandomSearcher(params: readonly Parameter[]): Searcher {
  const listable = spaceSize(params) <= LISTABLE_SPACE;
  const tried = new TriedConfigs();
  return {
    suggest(state: RunState): Config | undefined {
      const keys = tried.of(state);
      const rng = Random.fromSeed(state.seed).fork(`random-search/${state.order.length}`);
      const draws = listable ? DRAWS_BEFORE_LISTING : DRAWS_IN_LARGE_SPACES;
      for (let i = 0; i < draws; i++) {
        const config = sampleConfig(params, rng);
        if (!keys.has(configKey(config))) return config;
      }
      if (!listable) return undefined;
      const left = [...gridConfigs(params)].filter((c) => !keys.has(configKey(c)));
      return left.length > 0 ? rng.pick(left) : undefined;
    },
  };
}

/**
 * Keys of every configuration a trial of the run already has, whatever became
 * of it. The reducer only ever appends trials to a state, so the set is
 * extended rather than rebuilt while the engine keeps feeding the same state;
 * a different state (a replay) gets its own set.
 */
class TriedConfigs {
  private readonly sets = new WeakMap<RunState, { counted: number; keys: Set<string> }>();

  of(state: RunState): ReadonlySet<string> {
    let entry = this.sets.get(state);
    if (!entry || entry.counted > state.order.length) {
      entry = { counted: 0, keys: new Set() };
      this.sets.set(state, entry);
    }
    for (; entry.counted < state.order.length; entry.counted++) {
      const t = state.trials.get(state.order[entry.counted] as string);
      if (!t) continue;
      entry.keys.add(configKey(t.config));
      // A proposal a recorded table replaced by a row was tried as that row: proposing it again repeats the row.
      if (t.proposed) entry.keys.add(configKey(t.proposed));
    }
    return entry.keys;
  }
}

/** Infinity for continuous spaces and for conditional spaces too tangled to count. */
function spaceSize(params: readonly Parameter[]): number {
  try {
    return gridSize(params);
  } catch (e) {
    if (e instanceof GridError) return Infinity;
    throw e;
  }
}
