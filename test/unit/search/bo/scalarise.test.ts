import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../../src/core/random';
import { createBoSearcher } from '../../../../src/core/search/bo/bo-searcher';
import { simplexWeights, trialTargets } from '../../../../src/core/search/bo/scalarise';
import { createRandomSearcher } from '../../../../src/core/search/random';
import type { Searcher } from '../../../../src/core/search/searcher';
import type { Config } from '../../../../src/core/space/config';
import { RunLog } from '../../schedule/run-log';
import { spaceOf } from '../../space/space-fixture';
import { median } from './benchmarks';

const objectives = [{ name: 'error', mode: 'min' }, { name: 'accuracy', mode: 'max' }] as const;

function logOf(values: readonly Record<string, number>[]): RunLog {
  const log = new RunLog(5);
  values.forEach((v, i) => log.create(`t${i}`, 0, { i }).launch(`t${i}`, 1).report(`t${i}`, 1, v).end(`t${i}`, 'completed'));
  return log;
}

const trialsOf = (log: RunLog) => log.state.order.map((id) => log.trial(id));

describe('trialTargets', () => {
  it('is the value (negated when maximised) for one objective, undefined when missing or not finite', () => {
    const log = logOf([{ accuracy: 0.8 }, { accuracy: NaN }, { other: 1 }]);
    assert.deepEqual(trialTargets(trialsOf(log), [objectives[1]], 1, Random.fromSeed(1)), [-0.8, undefined, undefined]);
  });

  it('ranks a dominated trial no better than the one dominating it, for every weight', () => {
    const log = logOf([{ error: 0.1, accuracy: 0.9 }, { error: 0.2, accuracy: 0.85 }, { error: 0.05, accuracy: 0.7 }, { error: 0.3 }]);
    for (let s = 0; s < 20; s++) {
      const t = trialTargets(trialsOf(log), objectives, 1, Random.fromSeed(s));
      assert.ok((t[0] as number) <= (t[1] as number));
      assert.equal(t[3], undefined);
      t.slice(0, 3).forEach((v) => assert.ok((v as number) >= 0 && (v as number) <= 1.05));
    }
  });

  it('draws weights on the simplex', () => {
    const rng = Random.fromSeed(3);
    for (let i = 0; i < 50; i++) {
      const w = simplexWeights(3, rng);
      assert.ok(w.every((x) => x >= 0) && Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    }
  });
});

describe('multi-objective BO (ParEGO)', () => {
  // ZDT1 in two dimensions: the Pareto set is x2 = 0, along which f1 = x1 trades against f2.
  const space = spaceOf('x1: {uniform: [0, 1]}\nx2: {uniform: [0, 1]}', 'bo');
  const zdt1 = (c: Config) => {
    const x1 = c['x1'] as number;
    const g = 1 + 9 * (c['x2'] as number);
    return { f1: x1, f2: g * (1 - Math.sqrt(x1 / g)) };
  };
  const zdtObjectives = [{ name: 'f1', mode: 'min' }, { name: 'f2', mode: 'min' }] as const;

  function run(searcher: Searcher, seed: number): Config[] {
    const log = new RunLog(seed);
    for (let i = 0; i < 25; i++) {
      const config = searcher.suggest(log.state, 0);
      assert.ok(config);
      log.create(`t${i}`, 0, config).launch(`t${i}`, 1).report(`t${i}`, 1, zdt1(config)).end(`t${i}`, 'completed');
    }
    return log.state.order.map((id) => log.trial(id).config);
  }

  it('moves its later proposals towards the Pareto set, spread along it', () => {
    const nearFront = (configs: Config[]) => configs.slice(10).filter((c) => (c['x2'] as number) < 0.1).length;
    const bo = [1, 2, 3, 4, 5].map((seed) => run(createBoSearcher(space, zdtObjectives), seed));
    const random = [1, 2, 3, 4, 5].map((seed) => run(createRandomSearcher(space), seed));
    assert.ok(median(bo.map(nearFront)) > median(random.map(nearFront)), `${bo.map(nearFront)} vs ${random.map(nearFront)}`);
    const spread = bo.map((configs) => {
      const front = configs.slice(10).filter((c) => (c['x2'] as number) < 0.1).map((c) => c['x1'] as number);
      return Math.max(...front) - Math.min(...front);
    });
    assert.ok(median(spread) > 0.4, `x1 spread along the front ${spread}`);
  });
});
