import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NewEvent, RunEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/reducer';
import { declaredHosts, gpuDescription, HostActivity, hostRows } from '../../../src/core/report/hosts';
import { summariseRun, trialEnergy } from '../../../src/core/report/status-line';
import { DEFAULT_ENERGY } from '../../../src/core/space/model';
import { recordedState } from './recorded-run';

const ev = (e: NewEvent, at: number): RunEvent => ({ v: 1, at, ...e }) as RunEvent;
const sample = (gpu: string, t: number, watts: number) => ({ gpu, t, watts, util: 90, memMiB: 1000 });

const events = [
  ev({ type: 'run-started', runId: 'r', studyFile: 's', seed: 1 }, 0),
  ev({ type: 'trial-created', trial: 'a', config: { x: 1 }, bracket: 0, resource: 1 }, 0),
  ev({ type: 'launch-intent', trial: 'a', launch: 'a.1', resource: 1, fromResource: 0 }, 0),
  ev({ type: 'trial-launched', trial: 'a', launch: 'a.1', host: 'gpu1', gpus: ['GPU-1'], handle: 'pid:1' }, 1),
  ev({ type: 'power', host: 'gpu1', samples: [sample('GPU-1', 0, 300)] }, 1),
  ev({ type: 'power', host: 'gpu1', samples: [sample('GPU-1', 180_000, 300)] }, 2),
];

test('the status line: running trials, best value, and CO2e only when power was measured', () => {
  const recorded = summariseRun(recordedState(), { name: 'score', mode: 'max' }, DEFAULT_ENERGY, 0);
  assert.equal(recorded.text, '0 running · best score 0.8771');
  assert.equal(recorded.best?.trial, 't0005');
  const live = summariseRun(replay(events), undefined, { ...DEFAULT_ENERGY, pue: 1, carbonIntensity: 500, cpuWatts: 0, ramWatts: 0 }, 180_001);
  // 300 W for 3 minutes = 0.015 kWh; at 500 g/kWh, 0.0075 kg.
  assert.equal(live.text, '1 running · 0.0075 kg CO2e');
});

test('hosts: the declared host with the GPU its trial runs on and the latest sample', () => {
  const activity = new HostActivity();
  for (const e of events) activity.add(e);
  const rows = hostRows([{ name: 'gpu1', kind: 'ssh' }, { name: 'gpu2', kind: 'ssh' }], replay(events), activity);
  assert.deepEqual(rows.map((r) => [r.name, r.reachability, r.gpus.map(gpuDescription)]), [
    ['gpu1', 'reachable', ['90% · 300 W · 1000 MiB · a']],
    ['gpu2', 'unknown', []],
  ]);
});

test('hosts: a launch failure naming a host after its last success marks it unreachable', () => {
  const activity = new HostActivity();
  for (const e of events) activity.add(e);
  activity.add(ev({ type: 'launch-failed', trial: 'a', launch: 'a.2', reason: 'ssh gpu1: connection refused' }, 5));
  const [row] = hostRows([{ name: 'gpu1', kind: 'ssh' }], undefined, activity);
  assert.equal(row?.reachability, 'unreachable');
  assert.equal(row?.problem, 'ssh gpu1: connection refused');
});

test('a study without hosts or Slurm runs on this machine', () => {
  assert.deepEqual(declaredHosts({ hosts: [] }, 'this machine'), [{ name: 'this machine', kind: 'local' }]);
  assert.deepEqual(declaredHosts({ hosts: [], slurm: { partition: 'gpu', extra: [] } }, 'x'), [{ name: 'slurm: gpu', kind: 'slurm' }]);
});

test('a trial\'s energy counts its GPUs\' power while its launches ran, not another GPU\'s', () => {
  const state = replay([
    ...events,
    ev({ type: 'power', host: 'gpu1', samples: [sample('GPU-2', 0, 900), sample('GPU-2', 180_000, 900)] }, 3),
  ]);
  const settings = { ...DEFAULT_ENERGY, pue: 1, carbonIntensity: 500, cpuWatts: 0, ramWatts: 0 };
  // GPU-1 at 300 W from launch (1 ms) to 180.001 s: 54,000 J = 0.015 kWh, 0.0075 kg at 500 g/kWh; GPU-2 is not the trial's.
  assert.equal(Number(trialEnergy(state, state.trials.get('a')!, settings, 180_001)?.co2eKg.toPrecision(6)), 0.0075);
  assert.equal(trialEnergy(replay(events.filter((e) => e.type !== 'power')), state.trials.get('a')!, settings, 180_001), undefined, 'nothing measured: no figure');
});
