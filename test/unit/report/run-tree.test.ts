import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NewEvent, RunEvent } from '../../../src/core/journal/events';
import { emptyRun, reduce, replay } from '../../../src/core/journal/reducer';
import { buildRunTree, diffRunTree, fmt, homeRung, trialBadge, trialDescription, trialTooltip, type TreeShape } from '../../../src/core/report/run-tree';
import { recordedEvents, recordedState } from './recorded-run';

const SHAPE: TreeShape = { levels: [1, 3, 9], objective: { name: 'score', mode: 'max' }, resourceName: 'epochs' };

const ev = (e: NewEvent, at = 1): RunEvent => ({ v: 1, at, ...e }) as RunEvent;

describe('the Runs tree of the recorded run', () => {
  const state = recordedState();
  const tree = buildRunTree(state, SHAPE);

  test('groups trials under every rung they trained at, with the counts rung status prints', () => {
    assert.deepEqual(tree.rungs.map((r) => [r.label, r.description, r.trials.length]), [
      ['rung 0 (r=1)', '0 running / 9 done / 3 promoted', 9],
      ['rung 1 (r=3)', '0 running / 3 done / 1 promoted', 3],
      ['rung 2 (r=9)', '0 running / 1 done / 0 promoted', 1],
    ]);
    assert.deepEqual(tree.rungs[2]?.trials, ['t0005']);
    assert.deepEqual(tree.rungs[1]?.trials, ['t0002', 't0005', 't0008']);
  });

  test('a trial is promoted at the rungs below its home and shows its own state at home', () => {
    const t5 = state.trials.get('t0005')!;
    assert.equal(tree.home.get('t0005'), 2);
    assert.equal(trialBadge(t5, 0, 2), 'promoted');
    assert.equal(trialBadge(t5, 2, 2), 'completed');
    assert.equal(trialBadge(state.trials.get('t0002')!, 1, tree.home.get('t0002')!), 'paused');
  });

  test('descriptions give the objective at the rung budget and the resource', () => {
    const t5 = state.trials.get('t0005')!;
    assert.equal(trialDescription(t5, SHAPE, 0, false), 'score 0.4771 · epochs 1');
    assert.equal(trialDescription(t5, SHAPE, 2, false), 'score 0.8771 · epochs 9');
  });

  test('the tooltip lists the config and the last values, Markdown-escaped', () => {
    const tip = trialTooltip(state.trials.get('t0005')!, SHAPE);
    assert.match(tip, /\*\*t0005\*\* — completed/);
    assert.match(tip, /\| lr \| 0\\\.1229 \|/);
    assert.match(tip, /at epochs 9: score 0\\\.8771/);
    assert.doesNotMatch(tip, /energy/);
    assert.match(trialTooltip(state.trials.get('t0005')!, SHAPE, { kwh: 0.5, co2eKg: 0.2 }), /energy: 0\\\.5 kWh, 0\\\.2 kg CO2e \(measured GPU power\)/);
  });
});

describe('live trials', () => {
  const events = [
    ev({ type: 'run-started', runId: 'r', studyFile: 's', seed: 1 }),
    ev({ type: 'trial-created', trial: 'a', config: { x: 1 }, bracket: 0, resource: 1 }),
    ev({ type: 'launch-intent', trial: 'a', launch: 'a.1', resource: 1, fromResource: 0 }),
    ev({ type: 'trial-launched', trial: 'a', launch: 'a.1', host: 'gpu1', gpus: ['0'], handle: 'pid:1' }),
    ev({ type: 'trial-created', trial: 'b', config: { x: 2 }, bracket: 0, resource: 1 }),
  ];

  test('a running trial counts as running at the rung it trains toward, a pending one as neither', () => {
    const tree = buildRunTree(replay(events), SHAPE);
    assert.equal(tree.rungs[0]?.description, '1 running / 0 done / 0 promoted');
    assert.equal(trialDescription(replay(events).trials.get('a')!, SHAPE, 0, false), 'gpu1');
  });

  test('a promoted trial moves home to the next rung and counts as promoted below it', () => {
    const state = replay([...events,
      ev({ type: 'metric', trial: 'a', launch: 'a.1', resource: 1, values: { score: 0.5 } }),
      ev({ type: 'trial-ended', trial: 'a', launch: 'a.1', state: 'paused', reason: 'rung reached' }),
      ev({ type: 'decision', trial: 'a', action: 'promote', rung: 0, resource: 1, reason: 'top 1/3' }),
      ev({ type: 'launch-intent', trial: 'a', launch: 'a.2', resource: 3, fromResource: 1 }),
      ev({ type: 'trial-launched', trial: 'a', launch: 'a.2', host: 'gpu1', gpus: ['0'], handle: 'pid:2' }),
    ]);
    const tree = buildRunTree(state, SHAPE);
    assert.equal(homeRung(state.trials.get('a')!, SHAPE.levels), 1);
    assert.equal(tree.rungs[0]?.description, '0 running / 1 done / 1 promoted');
    assert.equal(tree.rungs[1]?.description, '1 running / 0 done / 0 promoted');
  });

  test('a trial stopped by a user or early stopping shows as stopped early', () => {
    const state = replay([...events, ev({ type: 'trial-ended', trial: 'a', launch: 'a.1', state: 'stopped', reason: 'stopped on request' })]);
    assert.equal(trialBadge(state.trials.get('a')!, 0, 0), 'stopped-early');
  });

  test('a FIFO study has one group holding every trial', () => {
    const tree = buildRunTree(replay(events), { levels: [], resourceName: 'epochs' });
    assert.deepEqual(tree.rungs.map((r) => [r.label, r.description, r.trials]), [['all trials', '1 running / 0 done', ['a', 'b']]]);
  });
});

describe('diffRunTree', () => {
  test('refreshes only the rungs whose counts changed, and the changed trials', () => {
    const all = recordedEvents();
    const cut = all.findIndex((e) => e.type === 'decision');
    const state = replay(all.slice(0, cut));
    const before = buildRunTree(state, SHAPE);
    // A metric at a rung already reached changes the trial's value, not the counts.
    reduce(state, ev({ type: 'metric', trial: 't0001', launch: 't0001.1', resource: 1, values: { score: 0.41 } }, 2));
    const after = buildRunTree(state, SHAPE);
    assert.deepEqual(diffRunTree(before, after, new Set(['t0001'])), { structure: false, rungs: [], trials: [[0, 't0001']] });
  });

  test('a new trial refreshes its rung; no earlier tree means the whole run', () => {
    const state = replay(recordedEvents().slice(0, 10));
    const before = buildRunTree(state, SHAPE);
    reduce(state, ev({ type: 'trial-created', trial: 'new', config: { lr: 0.1 }, bracket: 0, resource: 1 }, 2));
    const after = buildRunTree(state, SHAPE);
    assert.deepEqual(diffRunTree(before, after, new Set(['new'])), { structure: false, rungs: [0], trials: [[0, 'new']] });
    assert.equal(diffRunTree(undefined, after, new Set()).structure, true);
  });

  test('an empty run has empty rungs', () => {
    assert.deepEqual(buildRunTree(emptyRun(), SHAPE).rungs.map((r) => r.trials.length), [0, 0, 0]);
  });
});

test('fmt keeps four significant digits and no float noise', () => {
  assert.deepEqual([fmt(0.30000000000000004), fmt(27), fmt(0.000012), fmt(1234.5678)], ['0.3', '27', '1.20e-5', '1235']);
});
