import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { priceEnergy } from '../../../src/core/energy/price';
import { GpuHolders, trialEnergy } from '../../../src/core/energy/trial-energy';
import type { RunState, Trial } from '../../../src/core/journal/state';
import { ENERGY, GPU_A, GPU_B, Journal, near, readings } from './journal';

const constant = (gpu: string, from: number, to: number, watts: number) => readings(gpu, Array.from({ length: to - from + 1 }, (_, i) => [(from + i) * 1000, watts] as const));
const energyOf = (state: RunState, id: string, now = 1e9) => trialEnergy(state, state.trials.get(id) as Trial, new GpuHolders(state, now), ENERGY.gpuWatts);

describe('energy of a trial: its own GPUs over its own launches', () => {
  it('a GPU used by one launch after another gives each only its own stretch', () => {
    // GPU A: 200 W until 10 s, 400 W from 11 s (a ramp between): t1 holds it 0..10 s, t2 10..20 s.
    const state = new Journal().trial('t1').trial('t2')
      .launch('t1', 0, [GPU_A], 0, 10_000).launch('t2', 0, [GPU_A], 10_000, 20_000)
      .power([...constant(GPU_A, 0, 10, 200), ...constant(GPU_A, 11, 20, 400)]).state();
    near(energyOf(state, 't1').gpu.joules, 2000, 't1');
    // 10..11 s: (200 + 400) / 2; 11..20 s: 400 * 9.
    near(energyOf(state, 't2').gpu.joules, 300 + 3600, 't2');
  });

  it('a GPU held by two launches at once is split between them', () => {
    const state = new Journal().trial('t1').trial('t2')
      .launch('t1', 0, [GPU_A], 0, 10_000).launch('t2', 0, [GPU_A], 0, 20_000)
      .power(constant(GPU_A, 0, 20, 300)).state();
    const t1 = energyOf(state, 't1');
    const t2 = energyOf(state, 't2');
    near(t1.gpu.joules, 1500, 't1: half of 300 W for 10 s');
    near(t2.gpu.joules, 1500 + 3000, 't2: half for 10 s, all for 10 s');
    near(t1.gpu.joules + t2.gpu.joules, 300 * 20, 'no joule counted twice');
    assert.equal(t1.sharedMs, 10_000);
  });

  it('a promoted trial: both launches, on different GPUs, and nothing while it was paused', () => {
    const state = new Journal().trial('t1')
      .launch('t1', 0, [GPU_A], 0, 10_000, 1, 'paused').launch('t1', 1, [GPU_B], 30_000, 40_000, 3)
      .power([...constant(GPU_A, 0, 40, 100), ...constant(GPU_B, 0, 40, 250)]).state();
    const e = energyOf(state, 't1');
    near(e.gpu.joules, 100 * 10 + 250 * 10, 'joules');
    assert.deepEqual([e.gpuMs, e.wallMs], [20_000, 20_000]);
  });

  it('a launch on two GPUs counts both; a running launch counts up to now', () => {
    const state = new Journal().trial('t1').launch('t1', 0, [GPU_A, GPU_B], 0, undefined)
      .power([...constant(GPU_A, 0, 10, 100), ...constant(GPU_B, 0, 10, 200)]).state();
    const e = energyOf(state, 't1', 6000);
    near(e.gpu.joules, 600 + 1200, 'joules');
    assert.equal(e.gpuMs, 12_000);
  });

  it('readings of a host other than the launch\'s do not count, even with the same UUID', () => {
    const state = new Journal().trial('t1').launch('t1', 0, [GPU_A], 0, 10_000).power(constant(GPU_A, 0, 10, 100), 'elsewhere').state();
    const e = energyOf(state, 't1');
    near(e.gpu.joules, 300 * 10, 'configured watts');
    assert.equal(e.gpu.estimatedMs, 10_000);
  });
});

describe('kWh and CO2e', () => {
  it('GPU joules plus CPU and RAM watts over the wall time, times PUE, times carbon intensity', () => {
    const state = new Journal().trial('t1')
      .launch('t1', 0, [GPU_A], 0, 10_000, 1, 'paused').launch('t1', 1, [GPU_B], 30_000, 40_000, 3)
      .power([...constant(GPU_A, 0, 40, 100), ...constant(GPU_B, 0, 40, 250)]).state();
    const e = priceEnergy(energyOf(state, 't1'), ENERGY);
    // GPU 3500 J; CPU + RAM (60 + 20) W * 20 s = 1600 J; (3500 + 1600) * PUE 1.5 = 7650 J = 0.002125 kWh.
    near(e.gpuKwh, 3500 / 3.6e6, 'GPU kWh');
    near(e.cpuRamKwh, 1600 / 3.6e6, 'CPU and RAM kWh');
    near(e.kwh, 0.002125, 'kWh');
    // 0.002125 kWh * 400 g/kWh = 0.85 g.
    near(e.co2eKg, 0.00085, 'kg CO2e');
    assert.equal(e.measuredShare, 1);
    assert.deepEqual(e.assumptions, [
      'PUE 1.5', 'carbon intensity 400 g CO2e/kWh', 'CPU 60 W and RAM 20 W per running trial (configured, not measured)', 'GPU power measured for 100% of GPU time',
    ]);
  });

  it('says what it estimated and what it bridged', () => {
    // Readings stop at 10 s: 10 s measured, then a 30 s stretch at the configured 300 W; a 10 s gap inside.
    const state = new Journal().trial('t1').launch('t1', 0, [GPU_A], 0, 40_000)
      .power(readings(GPU_A, [[0, 100], [10_000, 100]])).state();
    const e = priceEnergy(energyOf(state, 't1'), ENERGY);
    near(e.gpuKwh, (1000 + 9000) / 3.6e6, 'GPU kWh');
    near(e.measuredShare, 0.25, 'measured share');
    assert.equal(e.bridgedSeconds, 10);
    assert.ok(e.assumptions.includes('GPU power measured for 25% of GPU time'), e.assumptions.join('; '));
    assert.ok(e.assumptions.includes('30 s of GPU time without power readings estimated at the configured 300 W per GPU'), e.assumptions.join('; '));
    assert.ok(e.assumptions.includes('10 s of gaps in the power readings bridged by the neighbouring readings\' mean'), e.assumptions.join('; '));
    const none = priceEnergy(energyOf(new Journal().trial('t1').launch('t1', 0, [GPU_A], 0, 40_000).state(), 't1'), ENERGY);
    assert.ok(none.assumptions.includes('GPU power not measured: 300 W per GPU assumed (configured)'));
  });
});
