import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { replay } from '../../../src/core/journal/reducer';
import { paretoFront } from '../../../src/core/pareto/nondominated';
import { hypervolume } from '../../../src/core/pareto/hypervolume';
import { front2d } from '../../../src/core/pareto/front2d';
import { referencePoint } from '../../../src/core/pareto/reference';
import { Random } from '../../../src/core/random';
import { chartSnapshot, chartStudy, changedCurves, resolveSelection, type ChartStudy } from '../../../src/core/report/charts/build';
import { hypervolumeData, paretoData } from '../../../src/core/report/charts/pareto';
import { curveOf, progressData } from '../../../src/core/report/charts/curves';
import { energyData, MAX_BARS } from '../../../src/core/report/charts/energy';
import { usage } from '../../../src/core/tuner/usage';
import { DEFAULT_ENERGY } from '../../../src/core/space/model';
import { checkStudy } from '../../../src/core/space/validate';
import { SYNTHETIC_RUNGS, syntheticRun } from '../support/synthetic-run';

const loss = { name: 'loss', mode: 'min' as const };
const cost = { name: 'cost', mode: 'min' as const };
const study: ChartStudy = { name: 'synthetic', objectives: [loss, cost], resource: 'epochs', rungs: SYNTHETIC_RUNGS, max: 27, earlyStopping: true, energy: DEFAULT_ENERGY };

describe('front2d', () => {
  it('agrees with the brute-force front on random points with ties and duplicates', () => {
    const random = Random.fromSeed('front2d');
    for (let round = 0; round < 50; round++) {
      const points = Array.from({ length: 1 + random.int(0, 60) }, () => [random.int(0, 9), random.int(0, 9)] as const);
      const brute = new Set(paretoFront(points));
      assert.deepEqual(front2d(points), points.map((_, i) => brute.has(i)));
    }
  });
});

describe('paretoData', () => {
  const state = replay(syntheticRun(300));

  it('marks exactly the trials no other trial dominates, with the maximised objective flipped', () => {
    const accuracy = { name: 'loss', mode: 'max' as const };
    for (const [x, y] of [[loss, cost], [accuracy, cost]] as const) {
      const data = paretoData(state, x, y);
      assert.equal(data.total, 300);
      const vectors = data.points.map((p) => [x.mode === 'max' ? -p.x : p.x, p.y]);
      const brute = new Set(paretoFront(vectors));
      assert.deepEqual(data.points.map((p) => p.front), data.points.map((_, i) => brute.has(i)));
      assert.equal(data.frontSize, brute.size);
      assert.ok(data.frontSize > 1, 'the fixture must have a front worth checking');
    }
  });

  it('caps the dominated points of a large run but keeps every front point', () => {
    const full = paretoData(state, loss, cost);
    const capped = paretoData(state, loss, cost, 40);
    assert.equal(capped.points.length, 40);
    assert.deepEqual(capped.points.filter((p) => p.front).map((p) => p.trial).sort(), full.points.filter((p) => p.front).map((p) => p.trial).sort());
    assert.equal(capped.total, 300);
  });

  it('each point carries its config for the hover', () => {
    const p = paretoData(state, loss, cost).points[0];
    assert.match(p?.config ?? '', /^lr=\S+ width=\d+$/);
  });
});

describe('hypervolumeData', () => {
  const state = replay(syntheticRun(200));

  it('never decreases and ends at the hypervolume of every result reported', () => {
    const hv = hypervolumeData(state, loss, cost);
    assert.ok(hv);
    const values = hv.series.map(([, v]) => v);
    for (let i = 1; i < values.length; i++) assert.ok((values[i] as number) >= (values[i - 1] as number), `hypervolume fell at step ${i}`);
    const all = [...state.trials.values()].flatMap((t) => t.observations.map((o) => [o.values.loss as number, o.values.cost as number]));
    assert.equal(values[values.length - 1], hypervolume(all, [...hv.reference]));
    assert.deepEqual(hv.reference, referencePoint(all, [undefined, undefined]));
    assert.match(hv.referenceRule, /worst value seen/);
  });

  it('uses the study\'s ref: where given, in the objective\'s own direction', () => {
    const hv = hypervolumeData(state, { ...loss, mode: 'max', ref: -100 }, { ...cost, ref: 1e6 });
    assert.deepEqual(hv?.reference, [-100, 1e6]);
    assert.match(hv?.referenceRule ?? '', /from the study/);
  });

  it('keeps its first and last step when decimated', () => {
    const full = hypervolumeData(state, loss, cost);
    const thin = hypervolumeData(state, loss, cost, 10);
    assert.equal(thin?.series.length, 10);
    assert.deepEqual(thin?.series[0], full?.series[0]);
    assert.deepEqual(thin?.series[9], full?.series[(full?.series.length ?? 0) - 1]);
  });
});

describe('learning curves and progress', () => {
  const state = replay(syntheticRun(120));
  const data = chartSnapshot(state, study, {}, state.lastAt);

  it('draws one curve per trial, with the plan\'s rungs and promoted / stopped markers from the journal', () => {
    assert.equal(data.curves?.trials.length, 120);
    assert.deepEqual(data.curves?.rungs, SYNTHETIC_RUNGS);
    for (const c of data.curves?.trials ?? []) {
      const t = state.trials.get(c.trial);
      assert.ok(t);
      assert.deepEqual(c.promoted, t.promotedFrom);
      assert.equal(c.stoppedAt, t.state === 'stopped' ? t.reached : undefined);
      assert.deepEqual(c.points.map(([r]) => r), t.observations.map((o) => o.resource));
    }
    assert.ok(data.curves?.trials.some((c) => c.promoted.length > 0) && data.curves.trials.some((c) => c.stoppedAt !== undefined));
  });

  it('decimates long curves to the per-curve budget, keeping both ends', () => {
    const events = syntheticRun(1);
    const at = events[events.length - 1]?.at ?? 0;
    const long = replay([...events, ...Array.from({ length: 300 }, (_, k) => ({ v: 1 as const, at: at + k, type: 'metric' as const, trial: 't00001', launch: 'long', resource: 30 + k, values: { loss: Math.cos(k / 9) } }))]);
    const c = curveOf(long.trials.get('t00001')!, 'loss', 400, 20);
    const all = long.trials.get('t00001')!.observations;
    assert.equal(c?.points.length, 20);
    assert.deepEqual(c?.points[0], [all[0]?.resource, all[0]?.values.loss]);
    assert.deepEqual(c?.points[19], [329, Math.cos(299 / 9)]);
    assert.deepEqual(changedCurves(state, study, {}, ['t00002', 'nope']).map((x) => x.trial), ['t00002']);
  });

  it('best so far only improves, and compute hours grow with wall time', () => {
    const p = progressData(state, loss, state.lastAt);
    assert.equal(p.computeUnit, 'GPU hours');
    for (let i = 1; i < p.wall.length; i++) {
      assert.ok((p.wall[i] as readonly number[])[1] as number <= ((p.wall[i - 1] as readonly number[])[1] as number));
      assert.ok(((p.compute[i] as readonly number[])[0] as number) >= ((p.compute[i - 1] as readonly number[])[0] as number));
    }
    const spent = usage(state, state.lastAt, DEFAULT_ENERGY).gpuSeconds / 3600;
    assert.ok(Math.abs(((p.compute[p.compute.length - 1] as readonly number[])[0] as number) - spent) < 1e-9);
    const best = Math.min(...[...state.trials.values()].flatMap((t) => t.observations.map((o) => o.values.loss as number)));
    assert.equal((p.wall[p.wall.length - 1] as readonly number[])[1], best);
  });
});

describe('energyData', () => {
  it('adds up to what the run used, per trial and cumulatively', () => {
    const state = replay(syntheticRun(50));
    const e = energyData(state, DEFAULT_ENERGY, study, state.lastAt);
    const used = usage(state, state.lastAt, DEFAULT_ENERGY).energy;
    assert.equal(e.bars.length, 50);
    assert.ok(Math.abs(e.totalKwh - used.kwh) < 1e-9 && Math.abs(e.totalCo2eKg - used.co2eKg) < 1e-9);
    assert.ok(Math.abs(((e.cumulativeKwh[e.cumulativeKwh.length - 1] as readonly number[])[1] as number) - used.kwh) < 1e-9);
    assert.equal(e.pue, DEFAULT_ENERGY.pue);
    assert.equal(e.intensity, DEFAULT_ENERGY.carbonIntensity);
    const cutShort = [...state.trials.values()].filter((t) => t.reached > 0 && t.reached < study.max && !t.converged && (t.state === 'paused' || (t.state === 'stopped' && t.earlyStopped)));
    assert.ok(e.saved && e.saved.kwh > 0 && e.saved.trials === cutShort.length, `saved ${JSON.stringify(e.saved)} for ${cutShort.length} trials cut short`);
  });

  it('groups trials into at most MAX_BARS bars for large runs, keeping the total', () => {
    const state = replay(syntheticRun(1000));
    const e = energyData(state, DEFAULT_ENERGY, study, state.lastAt);
    assert.ok(e.bars.length <= MAX_BARS);
    assert.equal(e.perBar, 5);
    assert.equal(e.bars[0]?.label, 't00001..t00005');
    assert.ok(Math.abs(e.bars.reduce((s, b) => s + b.kwh, 0) - e.totalKwh) < 1e-9);
  });

  it('reports no savings for FIFO, which never stops early', () => {
    const state = replay(syntheticRun(20));
    assert.equal(energyData(state, DEFAULT_ENERGY, { ...study, earlyStopping: false }, state.lastAt).saved, undefined);
  });
});

describe('resolveSelection', () => {
  it('defaults to the first two objectives and never plots an objective against itself', () => {
    assert.deepEqual(resolveSelection(study, {}), { x: loss, y: cost, metric: loss });
    assert.deepEqual(resolveSelection(study, { x: 'cost', y: 'cost', metric: 'nope' }), { x: cost, y: loss, metric: loss });
    assert.deepEqual(resolveSelection({ ...study, objectives: [loss] }, {}), { x: loss, metric: loss });
  });
});

describe('chartStudy', () => {
  it('takes the objectives (built-ins, journalled with every result, included), rung ladder and energy settings from a study', () => {
    const text = `version: 1
command: python3 train.py --lr {lr} --epochs {resource}
space:
  lr: {loguniform: [1.0e-4, 1.0e-2]}
objectives:
  loss: {mode: min, ref: 10}
  accuracy: {mode: max}
  co2e: {mode: min}
scheduler: {type: asha, resource: epochs, min: 1, max: 20, reduction: 3}
energy: {pue: 1.2}
`;
    const parsed = checkStudy(text).study;
    assert.ok(parsed);
    const s = chartStudy(parsed);
    assert.deepEqual(s.objectives, [{ name: 'loss', mode: 'min', ref: 10 }, { name: 'accuracy', mode: 'max' }, { name: 'co2e', mode: 'min' }]);
    assert.deepEqual(s.rungs, [1, 3, 9, 20]);
    assert.equal(s.resource, 'epochs');
    assert.equal(s.earlyStopping, true);
    assert.equal(s.energy.pue, 1.2);
    assert.deepEqual(chartStudy(undefined).objectives, []);
  });
});
