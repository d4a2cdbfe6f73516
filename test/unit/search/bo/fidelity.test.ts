import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoSearcher } from '../../../../src/core/search/bo/bo-searcher';
import { modelResource } from '../../../../src/core/search/bo/fidelity';
import { createRandomSearcher } from '../../../../src/core/search/random';
import { configKey } from '../../../../src/core/space/config';
import { RunLog } from '../../schedule/run-log';
import { spaceOf } from '../../space/space-fixture';

const loss = { name: 'loss', mode: 'min' } as const;
const line = spaceOf('x: {uniform: [0, 1]}', 'bo');

/** ASHA-like: every trial reports at resource 1, some at 3, fewer at 9; each stops where its list ends. */
function rungs(trials: readonly { x: number; values: readonly number[]; converged?: boolean }[], seed = 5): RunLog {
  const log = new RunLog(seed);
  trials.forEach(({ x, values, converged }, i) => {
    const id = `t${i}`;
    log.create(id, 0, { x }).launch(id, 9);
    values.forEach((v, k) => log.report(id, 3 ** k, { loss: v }, converged === true && k === values.length - 1));
    log.end(id, converged ? 'completed' : 'stopped');
  });
  return log;
}

const trialsOf = (log: RunLog) => log.state.order.map((id) => log.trial(id));

describe('the resource BO models (BOHB rule)', () => {
  it('is the largest resource that enough trials reached', () => {
    const log = rungs([
      ...Array.from({ length: 6 }, (_, i) => ({ x: i / 10, values: [1] })),
      ...Array.from({ length: 3 }, (_, i) => ({ x: 0.7 + i / 10, values: [1, 0.5] })),
      { x: 0.65, values: [1, 0.5, 0.2] },
    ]);
    const trials = trialsOf(log);
    assert.equal(modelResource(trials, 1), 9);
    assert.equal(modelResource(trials, 4), 3);
    assert.equal(modelResource(trials, 5), 1);
    assert.equal(modelResource(trials, 10), 1);
    assert.equal(modelResource(trials, 11), undefined);
  });

  it('counts a converged trial at every larger resource', () => {
    const log = rungs([{ x: 0.1, values: [1, 0.5, 0.4] }, { x: 0.2, values: [1, 0.3], converged: true }, { x: 0.3, values: [1] }]);
    assert.equal(modelResource(trialsOf(log), 2), 9);
  });

  it('models each trial at that resource, not at the largest one it reached', () => {
    // At resource 3 the trial at x = 0.9 is the worst; only at 9, where it alone got, is it the best.
    const log = rungs([
      { x: 0.1, values: [1, 0.5] }, { x: 0.2, values: [1, 0.1] }, { x: 0.5, values: [1, 0.6] }, { x: 0.9, values: [1, 0.9, 0.05] },
    ]);
    const next = createBoSearcher(line, [loss], { initial: 1 }).suggest(log.state, 0);
    assert.ok(next && (next['x'] as number) < 0.5, `proposed ${JSON.stringify(next)} next to the trial that only looks best at a resource nobody else reached`);
  });

  it('searches at random when no resource has enough trials, and for about a third of proposals under a multi-fidelity scheduler', () => {
    const few = rungs([{ x: 0.1, values: [1] }, { x: 0.2, values: [2] }]);
    const random = createRandomSearcher(line);
    assert.deepEqual(createBoSearcher(line, [loss], { initial: 1, multiFidelity: true }).suggest(few.state, 0), random.suggest(few.state, 0));
    let randomOnes = 0;
    const seeds = 60;
    for (let seed = 0; seed < seeds; seed++) {
      const log = rungs(Array.from({ length: 8 }, (_, i) => ({ x: (i + 0.5) / 8, values: [(i - 5) ** 2] })), seed);
      const bo = createBoSearcher(line, [loss], { initial: 1, multiFidelity: true }).suggest(log.state, 0);
      if (bo && configKey(bo) === configKey(random.suggest(log.state, 0) ?? {})) randomOnes++;
    }
    assert.ok(randomOnes >= seeds / 6 && randomOnes <= seeds / 2, `${randomOnes} of ${seeds} proposals were random`);
  });
});
