import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { energyReport } from '../../../src/core/report/energy';
import type { Study } from '../../../src/core/space/model';
import { ENERGY, GPU_A, GPU_B, Journal, near, readings } from './journal';

const ASHA = { type: 'asha', resource: 'epochs', min: 1, max: 9, reduction: 3, mode: 'stopping' } as unknown as Study['scheduler'];
const kwh = (joules: number) => (joules * ENERGY.pue) / 3.6e6;
const constant = (gpu: string, to: number, watts: number) => readings(gpu, Array.from({ length: to + 1 }, (_, i) => [i * 1000, watts] as const));

describe('energy report: per trial, per rung, per run, and what early stopping saved', () => {
  // t1: 100 W on GPU A, results at epoch 1 (10 s) and 3 (30 s), stopped by the scheduler at 40 s.
  // t2: 200 W on GPU B, epochs 1, 3 and 9 at 10, 20 and 60 s, completed at 65 s.
  // t3: paused after epoch 1 at 5 s (CPU only). t4: stopped by a user at epoch 1.
  const j = new Journal().trial('t1').trial('t2').trial('t3').trial('t4');
  j.add(0, { type: 'launch-intent', trial: 't1', launch: 't1.0', resource: 9, fromResource: 0 })
    .add(0, { type: 'trial-launched', trial: 't1', launch: 't1.0', host: 'box', gpus: [GPU_A], handle: 'h' })
    .add(10_000, { type: 'metric', trial: 't1', launch: 't1.0', resource: 1, values: { loss: 3 } })
    .add(30_000, { type: 'metric', trial: 't1', launch: 't1.0', resource: 3, values: { loss: 2 } })
    .add(30_000, { type: 'decision', trial: 't1', action: 'stop', rung: 1, resource: 3, reason: 'rung 1 (3): not in the top 1/3' })
    .add(40_000, { type: 'trial-ended', trial: 't1', launch: 't1.0', state: 'stopped', reason: 'rung 1 (3): not in the top 1/3' });
  j.add(0, { type: 'launch-intent', trial: 't2', launch: 't2.0', resource: 9, fromResource: 0 })
    .add(0, { type: 'trial-launched', trial: 't2', launch: 't2.0', host: 'box', gpus: [GPU_B], handle: 'h' })
    .add(10_000, { type: 'metric', trial: 't2', launch: 't2.0', resource: 1, values: { loss: 1 } })
    .add(20_000, { type: 'metric', trial: 't2', launch: 't2.0', resource: 3, values: { loss: 1 } })
    .add(60_000, { type: 'metric', trial: 't2', launch: 't2.0', resource: 9, values: { loss: 1 } })
    .add(65_000, { type: 'trial-ended', trial: 't2', launch: 't2.0', state: 'completed', reason: 'done' });
  j.launch('t3', 0, [], 0, 5000, 1, 'paused');
  j.launch('t4', 0, [], 0, 5000, 1, 'stopped').add(5000, { type: 'control', request: 'stop-trial', trial: 't4' });
  j.power([...constant(GPU_A, 70, 100), ...constant(GPU_B, 70, 200)]);
  const r = energyReport(j.state(), { energy: ENERGY, scheduler: ASHA }, 100_000);
  const cpu = ENERGY.cpuWatts + ENERGY.ramWatts;

  it('per trial', () => {
    const t1 = r.trials.find((t) => t.trial === 't1');
    near(t1?.energy.kwh ?? NaN, kwh(100 * 40 + cpu * 40), 't1 kWh');
    near(t1?.energy.co2eKg ?? NaN, (kwh(100 * 40 + cpu * 40) * 400) / 1000, 't1 kg CO2e');
    near(r.trials.find((t) => t.trial === 't3')?.energy.kwh ?? NaN, kwh(cpu * 5), 't3 kWh');
  });

  it('per rung: the energy spent climbing to it; the run is the sum', () => {
    const [r1, r3, r9] = r.rungs;
    // Rung 1: t1 and t2's first 10 s, t3 and t4's 5 s each.
    near(r1?.energy.kwh ?? NaN, kwh((100 + cpu) * 10 + (200 + cpu) * 10 + cpu * 5 * 2), 'rung 1');
    // Rung 3: t1 10..30 s, t2 10..20 s.
    near(r3?.energy.kwh ?? NaN, kwh((100 + cpu) * 20 + (200 + cpu) * 10), 'rung 3');
    // Rung 9: t1 after its last result (heading there) 30..40 s, t2 20..65 s.
    near(r9?.energy.kwh ?? NaN, kwh((100 + cpu) * 10 + (200 + cpu) * 45), 'rung 9');
    near(r.rungs.reduce((s, x) => s + x.energy.kwh, 0), r.run.kwh, 'the rungs add up to the run');
    near(r.run.kwh, r.trials.reduce((s, x) => s + x.energy.kwh, 0), 'the trials add up to the run');
  });

  it('saved by early stopping: the stopped and paused trials, at their energy per epoch, to 9 epochs', () => {
    // t1: used its energy for 3 epochs, skipped 6. t3: 1 epoch, skipped 8. t4 was stopped by a user, t2 completed.
    const t1 = kwh(100 * 40 + cpu * 40);
    const t3 = kwh(cpu * 5);
    assert.deepEqual(r.saved.trials.map((s) => s.trial), ['t1', 't3']);
    near(r.saved.kwh, (t1 / 3) * 6 + (t3 / 1) * 8, 'saved kWh');
    near(r.saved.co2eKg, (r.saved.kwh * 400) / 1000, 'saved kg CO2e');
    assert.match(r.saved.assumptions.join('; '), /each of the 2 trial\(s\) stopped or left paused below 9 epochs would have needed the rest of the way to 9 at the energy per unit of epochs it used so far/);
  });
});
