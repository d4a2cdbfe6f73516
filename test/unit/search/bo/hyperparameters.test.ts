import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoSearcher } from '../../../../src/core/search/bo/bo-searcher';
import { hyperparameterCache, refitPoint } from '../../../../src/core/search/bo/hyperparameters';
import type { Modelled } from '../../../../src/core/search/bo/modelled';
import { Random } from '../../../../src/core/random';
import { spaceEncoder } from '../../../../src/core/space/encode';
import { branin, runSequential } from './benchmarks';

const encoder = spaceEncoder(branin.space);
const categorical = encoder.dimensions.map((d) => d.categorical);

/** Branin at `count` seeded points, as the searcher models them (every trial observed). */
function modelled(count: number, seed = 5): Modelled[] {
  const rng = Random.fromSeed(seed);
  return Array.from({ length: count }, (_, index) => {
    const x = encoder.encode(encoder.decode([rng.float(), rng.float()]));
    return { x, y: branin.value(encoder.decode(x.u)), index, observed: true };
  });
}

describe('hyperparameter refits', () => {
  it('refits after every trial up to ten past the design, then each time the trials grew by a tenth', () => {
    const points = [5, 6, 9, 10, 11, 19, 20, 21, 22, 23, 100, 102, 103, 104].map((t) => refitPoint(t, 5));
    // ... 19, 20, 22, 24, 26, 28, 30, 33, 36, 39, 42, 46, 50, 55, 60, 66, 72, 79, 86, 94, 103, ...
    assert.deepEqual(points, [5, 6, 9, 10, 11, 19, 20, 20, 22, 22, 94, 94, 103, 103]);
    // Fewer trials than the design (its configs were tried already): the design size itself.
    assert.equal(refitPoint(3, 5), 5);
    for (let t = 5; t < 2000; t++) {
      const point = refitPoint(t, 5);
      assert.ok(point <= t && t - point <= Math.max(1, Math.floor(point / 10)), `trials ${t}, refit point ${point}`);
    }
  });

  it('reuses the fitted hyperparameters between refit points and refits at the next one', () => {
    const cache = hyperparameterCache();
    const seeded = Random.fromSeed(9);
    const data = modelled(24);
    assert.equal(refitPoint(21, 5), 20);
    assert.equal(refitPoint(22, 5), 22);
    const at20 = cache.hyperparameters(data.slice(0, 20), 20, categorical, seeded);
    // Trials 21 and 22 came after the refit point: the same fit is reused, not redone.
    const at21 = cache.hyperparameters(data.slice(0, 21), refitPoint(21, 5), categorical, seeded);
    assert.equal(at21, at20);
    const at22 = cache.hyperparameters(data.slice(0, 22), refitPoint(22, 5), categorical, seeded);
    assert.notEqual(at22, at20);
    // What was reused is what a fresh fit (a resumed run) computes there.
    assert.deepEqual(hyperparameterCache().hyperparameters(data.slice(0, 21), 20, categorical, Random.fromSeed(9)), at21);
  });

  it('refits when a value before the refit point changed since (a pending trial reported)', () => {
    const cache = hyperparameterCache();
    const data = modelled(12);
    const before = cache.hyperparameters(data.map((m, i) => (i === 3 ? { ...m, observed: false } : m)), 11, categorical, Random.fromSeed(9));
    const after = cache.hyperparameters(data, 11, categorical, Random.fromSeed(9));
    assert.notEqual(after, before);
    assert.deepEqual(after, hyperparameterCache().hyperparameters(data, 11, categorical, Random.fromSeed(9)));
  });
});

describe('BO searcher across a resume', () => {
  it('a new searcher over the same journal proposes exactly what the searcher that lived through the run does', () => {
    const lived = createBoSearcher(branin.space, [branin.objective]);
    const { log } = runSequential(lived, branin, 40, 13);
    assert.equal(log.state.order.length, 40);
    // The same run with an engine restart before every proposal: a fresh searcher each time, so never a cached fit.
    const resumedAtEachStep = runSequential({ suggest: (state, bracket) => createBoSearcher(branin.space, [branin.objective]).suggest(state, bracket) }, branin, 40, 13);
    assert.deepEqual(
      resumedAtEachStep.log.state.order.map((id) => resumedAtEachStep.log.trial(id).config),
      log.state.order.map((id) => log.trial(id).config),
    );
  });
});
