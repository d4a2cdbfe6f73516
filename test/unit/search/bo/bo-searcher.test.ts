import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoSearcher } from '../../../../src/core/search/bo/bo-searcher';
import { initialDesignSize } from '../../../../src/core/search/bo/design';
import { configKey, type Config } from '../../../../src/core/space/config';
import { spaceEncoder } from '../../../../src/core/space/encode';
import { gridSize } from '../../../../src/core/space/grid';
import type { Parameter } from '../../../../src/core/space/model';
import { RunLog } from '../../schedule/run-log';
import { spaceOf } from '../../space/space-fixture';
import { branin, runSequential, type TestFunction } from './benchmarks';

const loss = { name: 'loss', mode: 'min' } as const;

const finite = spaceOf(`
  optimizer: {choice: [adam, sgd, lion]}
  layers: {int: [1, 4]}
  momentum: {choice: [0.9, 0.99], when: "optimizer == 'sgd'"}
  warmup: 4000`, 'bo');

function onSpace(space: Parameter[], value: (c: Config) => number): TestFunction {
  return { space, objective: loss, value };
}

const quadratic = (c: Config) => ((c['layers'] as number) - 3) ** 2 + (c['optimizer'] === 'sgd' ? 0 : 1);

/** Trials that ran and reported; `value` of undefined ends one without a report. */
function logWith(points: readonly [Config, number | undefined, 'completed' | 'failed'][], seed = 3): RunLog {
  const log = new RunLog(seed);
  points.forEach(([config, value, state], i) => {
    const id = `t${i + 1}`;
    log.create(id, 0, config).launch(id, 1);
    if (value !== undefined) log.report(id, 1, { loss: value });
    log.end(id, state);
  });
  return log;
}

describe('BO searcher', () => {
  it('proposes the initial design first, then model-based configs, as a function of the run state', () => {
    const searcher = createBoSearcher(branin.space, [branin.objective]);
    const { log } = runSequential(searcher, branin, 8, 11);
    const again = createBoSearcher(branin.space, [branin.objective]);
    assert.deepEqual(again.suggest(log.state, 0), searcher.suggest(log.state, 0));
    assert.deepEqual(again.suggest(log.replayed(), 0), searcher.suggest(log.state, 0));
    // The design covers each dimension's range: one point per fifth of x1 in the first five trials.
    const x1 = log.state.order.slice(0, initialDesignSize(2)).map((id) => Math.floor(((log.trial(id).config['x1'] as number) + 5) / 3));
    assert.deepEqual(x1.sort(), [0, 1, 2, 3, 4]);
  });

  it('uses searcher_initial as the design size', () => {
    assert.equal(initialDesignSize(2), 5);
    assert.equal(initialDesignSize(6), 5);
    assert.equal(initialDesignSize(40), 20);
    assert.equal(initialDesignSize(6, 3), 3);
    const { values } = runSequential(createBoSearcher(branin.space, [branin.objective], { initial: 2 }), branin, 6, 1);
    assert.equal(values.length, 6);
  });

  it('never repeats a config in a finite space and ends exactly when it is exhausted', () => {
    const size = gridSize(finite);
    const { log, values } = runSequential(createBoSearcher(finite, [loss]), onSpace(finite, quadratic), size + 5, 4);
    assert.equal(values.length, size);
    const keys = log.state.order.map((id) => configKey(log.trial(id).config));
    assert.equal(new Set(keys).size, size);
  });

  it('finds the optimum of a small mixed space well before trying everything', () => {
    const { values } = runSequential(createBoSearcher(finite, [loss]), onSpace(finite, quadratic), 10, 5);
    assert.equal(Math.min(...values), 0);
  });

  it('maximises objectives with mode max', () => {
    const gain = { name: 'gain', mode: 'max' } as const;
    const f: TestFunction = { space: branin.space, objective: gain, value: (c) => -branin.value(c) };
    const { values } = runSequential(createBoSearcher(branin.space, [gain]), f, 20, 2);
    assert.ok(Math.max(...values) > -2, `best ${Math.max(...values)}`);
  });

  it('copes with all-equal targets, a single observation and NaN or infinite values', () => {
    const flat = runSequential(createBoSearcher(branin.space, [loss]), onSpace(branin.space, () => 5), 12, 1);
    assert.equal(new Set(flat.log.state.order.map((id) => configKey(flat.log.trial(id).config))).size, 12);
    const single = createBoSearcher(branin.space, [loss], { initial: 1 });
    assert.ok(single.suggest(logWith([[{ x1: 1, x2: 2 }, 3, 'completed']]).state, 0));
    const broken = runSequential(createBoSearcher(branin.space, [loss]), onSpace(branin.space, (c) => ((c['x1'] as number) > 2 ? NaN : (c['x1'] as number) < -2 ? Infinity : branin.value(c))), 12, 6);
    assert.equal(broken.values.length, 12);
  });

  it('copes with duplicated observations of one config', () => {
    const c = { x1: 1, x2: 2 };
    const log = logWith([[c, 3, 'completed'], [c, 3.5, 'completed'], [c, 2.9, 'completed'], [{ x1: 4, x2: 9 }, 10, 'completed'], [{ x1: -3, x2: 1 }, 20, 'completed']]);
    const next = createBoSearcher(branin.space, [loss]).suggest(log.state, 0);
    assert.ok(next && configKey(next) !== configKey(c));
  });

  it('skips trials whose configs do not fit the space (a study edited before a resume)', () => {
    const log = logWith([[{ x1: 1 }, 3, 'completed'], [{ x1: 2, x2: 40, extra: 'yes' }, 2, 'completed'], [{ x1: 4, x2: 9 }, 10, 'completed'], [{ x1: -3, x2: 1 }, 20, 'completed']]);
    assert.ok(createBoSearcher(branin.space, [loss], { initial: 2 }).suggest(log.state, 0));
    const choices = spaceOf('opt: {choice: [adam, sgd]}', 'bo');
    const old = logWith([[{ opt: 'rmsprop' }, 1, 'completed'], [{ opt: 'adam' }, 2, 'completed']]);
    assert.deepEqual(createBoSearcher(choices, [loss], { initial: 1 }).suggest(old.state, 0), { opt: 'sgd' });
  });

  it('steers away from where trials failed without a value', () => {
    const space = spaceOf('x: {uniform: [0, 1]}', 'bo');
    const log = logWith([
      [{ x: 0.05 }, 1, 'completed'], [{ x: 0.3 }, 0.9, 'completed'], [{ x: 0.5 }, 0.8, 'completed'],
      [{ x: 0.7 }, undefined, 'failed'], [{ x: 0.8 }, undefined, 'failed'], [{ x: 0.95 }, undefined, 'failed'],
    ]);
    const next = createBoSearcher(space, [loss]).suggest(log.state, 0);
    assert.ok(next && (next['x'] as number) < 0.7, `proposed ${JSON.stringify(next)} among the failures`);
  });

  it('falls back to random search when no trial has a value yet, and handles a one-config space', () => {
    const log = logWith([[{ x1: 1, x2: 2 }, undefined, 'failed']]);
    assert.ok(createBoSearcher(branin.space, [loss], { initial: 1 }).suggest(log.state, 0));
    const one = spaceOf('opt: {choice: [adam]}\nlr: 0.1', 'bo');
    const { values } = runSequential(createBoSearcher(one, [loss]), onSpace(one, () => 1), 5, 1);
    assert.equal(values.length, 1);
    const constant = spaceOf('lr: 0.1', 'bo');
    assert.equal(runSequential(createBoSearcher(constant, [loss]), onSpace(constant, () => 1), 5, 1).values.length, 1);
  });

  it('gives 8 parallel slots distinct, spread-out configs while their trials are pending', () => {
    const searcher = createBoSearcher(branin.space, [branin.objective]);
    const { log } = runSequential(searcher, branin, 10, 9);
    const encoder = spaceEncoder(branin.space);
    const proposed: number[][] = [];
    for (let i = 0; i < 8; i++) {
      const config = searcher.suggest(log.state, 0);
      assert.ok(config);
      proposed.push(encoder.encode(config).u);
      log.create(`p${i + 1}`, 0, config);
    }
    let closest = Infinity;
    for (let i = 0; i < proposed.length; i++) {
      for (let j = 0; j < i; j++) closest = Math.min(closest, Math.hypot(...(proposed[i] as number[]).map((v, d) => v - ((proposed[j] as number[])[d] as number))));
    }
    // The model's lengthscales near Branin's valley fit as short as 0.07 after 10 points: proposals a few hundredths
    // apart are distinct bets to it, while near-identical ones (the same acquisition optimum) would be ~1e-3 apart.
    assert.ok(closest > 0.02, `two pending proposals are only ${closest} apart in the unit square`);
    let widest = 0;
    for (let i = 0; i < proposed.length; i++) {
      for (let j = 0; j < i; j++) widest = Math.max(widest, Math.hypot(...(proposed[i] as number[]).map((v, d) => v - ((proposed[j] as number[])[d] as number))));
    }
    assert.ok(widest > 0.3, `the 8 pending proposals all lie within ${widest} of each other`);
  });
});

describe('BO searcher over a backend that replaces proposals (a table)', () => {
  const grid = spaceOf('a: {ordinal: [1, 2, 3, 4]}\nb: {ordinal: [1, 2, 3, 4]}', 'bo');
  // Six of the sixteen combinations are rows; any other proposal runs as the nearest row.
  const rows: Config[] = [{ a: 1, b: 1 }, { a: 1, b: 4 }, { a: 2, b: 2 }, { a: 3, b: 3 }, { a: 4, b: 1 }, { a: 4, b: 4 }];
  const resolve = (c: Config): Config => {
    const distance = (r: Config) => ((r['a'] as number) - (c['a'] as number)) ** 2 + ((r['b'] as number) - (c['b'] as number)) ** 2;
    return rows.reduce((best, r) => (distance(r) < distance(best) ? r : best));
  };
  const value = (c: Config) => ((c['a'] as number) - 3) ** 2 + ((c['b'] as number) - 3) ** 2;

  it('proposes only what runs and never a row already evaluated, until every row was', () => {
    for (const seed of [1, 2, 3]) {
      const searcher = createBoSearcher(grid, [loss], { resolve, initial: 2 });
      const log = new RunLog(seed);
      for (let i = 0; i < rows.length; i++) {
        const config = searcher.suggest(log.state, 0);
        assert.ok(config);
        assert.deepEqual(config, resolve(config), 'the proposal is the row it runs as');
        const id = `t${i}`;
        log.create(id, 0, config).launch(id, 1).report(id, 1, { loss: value(config) }).end(id, 'completed');
      }
      const seen = new Set(log.state.order.map((id) => configKey(log.trial(id).config)));
      assert.equal(seen.size, rows.length, `seed ${seed}: rows repeated before all were evaluated`);
    }
  });

  it('never proposes again a proposal the backend replaced', () => {
    const three = spaceOf('a: {ordinal: [1, 2, 3]}', 'bo');
    const log = new RunLog(4);
    // The journal's record of a replaced proposal: row a = 3 ran for the proposal a = 2, which is kept beside it.
    log.add({ type: 'trial-created', trial: 't0', config: { a: 1 }, bracket: 0, resource: 1, row: '0' });
    log.add({ type: 'trial-created', trial: 't1', config: { a: 3 }, bracket: 0, resource: 1, row: '1', proposed: { a: 2 } });
    for (const [id, v] of [['t0', 2], ['t1', 1]] as const) log.launch(id, 1).report(id, 1, { loss: v }).end(id, 'completed');
    assert.equal(createBoSearcher(three, [loss], { initial: 1 }).suggest(log.state, 0), undefined, 'every config was tried, as itself or as a proposal');
  });
});
