import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoSearcher } from '../../../../src/core/search/bo/bo-searcher';
import { createRandomSearcher } from '../../../../src/core/search/random';
import { branin, hartmann6, median, runSequential, type TestFunction } from './benchmarks';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const BUDGET = 30;

/** Best value found in BUDGET sequential trials, per seed, as a minimisation. */
function bestFound(f: TestFunction, searcher: 'bo' | 'random'): number[] {
  const sign = f.objective.mode === 'max' ? -1 : 1;
  return SEEDS.map((seed) => {
    const s = searcher === 'bo' ? createBoSearcher(f.space, [f.objective]) : createRandomSearcher(f.space);
    const { values } = runSequential(s, f, BUDGET, seed);
    assert.equal(values.length, BUDGET);
    return Math.min(...values.map((v) => sign * v));
  });
}

describe('BO search quality', () => {
  it('beats random search on Branin in 30 evaluations (median over 10 seeds)', () => {
    const bo = median(bestFound(branin, 'bo'));
    const random = median(bestFound(branin, 'random'));
    assert.ok(bo < random, `BO median best ${bo} should be below random's ${random}`);
    assert.ok(bo < 0.398 + 0.5, `BO median best ${bo} should be near the optimum 0.398`);
  });

  it('beats random search on Hartmann-6 in 30 evaluations (median over 10 seeds)', () => {
    const bo = -median(bestFound(hartmann6, 'bo'));
    const random = -median(bestFound(hartmann6, 'random'));
    assert.ok(bo > random, `BO median best ${bo} should be above random's ${random}`);
  });
});
