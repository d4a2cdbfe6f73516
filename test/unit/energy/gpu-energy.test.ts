import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gpuEnergy } from '../../../src/core/energy/gpu-energy';
import type { PowerPoint } from '../../../src/core/journal/state';
import { near } from './journal';

const series = (pairs: readonly (readonly [number, number | null])[]): PowerPoint[] => pairs.map(([t, watts]) => ({ t, watts }));
const everySecond = (from: number, to: number, watts: (s: number) => number | null): [number, number | null][] =>
  Array.from({ length: to - from + 1 }, (_, i) => [(from + i) * 1000, watts(from + i)]);

describe('GPU energy by the trapezoid rule', () => {
  it('constant power: watts times seconds', () => {
    const e = gpuEnergy(series(everySecond(0, 10, () => 200)), 0, 10_000, 300);
    near(e.joules, 2000, 'joules');
    assert.deepEqual([e.measuredMs, e.bridgedMs, e.estimatedMs], [10_000, 0, 0]);
  });

  it('a ramp is integrated exactly, also over a part of it that cuts readings in half', () => {
    // 100 W + 10 W per second: 100 * 10 + 10 * 10^2 / 2 = 1500 J over 10 s.
    const ramp = series(everySecond(0, 10, (s) => 100 + 10 * s));
    near(gpuEnergy(ramp, 0, 10_000, 300).joules, 1500, 'whole ramp');
    // From 2.5 s to 7.5 s: 100 * 5 + 5 * (7.5^2 - 2.5^2) = 750 J.
    near(gpuEnergy(ramp, 2500, 7500, 300).joules, 750, 'middle of the ramp');
  });

  it('a gap is bridged by its neighbours\' mean, and counted', () => {
    // 100 W for 0..2 s, nothing until 12 s, 200 W for 12..14 s: 200 + 150 * 10 + 400 J.
    const gappy = series([...everySecond(0, 2, () => 100), ...everySecond(12, 14, () => 200)]);
    const e = gpuEnergy(gappy, 0, 14_000, 300);
    near(e.joules, 2100, 'joules');
    assert.equal(e.bridgedMs, 10_000);
    assert.equal(e.estimatedMs, 0);
  });

  it('[N/A] readings are a gap however short', () => {
    // 0-1 s at 100 W, then [N/A] at 2 s, then 300 W at 3 s: 100 + (100 + 300) / 2 * 2 = 500 J.
    const e = gpuEnergy(series([[0, 100], [1000, 100], [2000, null], [3000, 300]]), 0, 3000, 250);
    near(e.joules, 500, 'joules');
    assert.equal(e.bridgedMs, 2000);
  });

  it('without any reading, the configured watts, counted as estimated', () => {
    const e = gpuEnergy(undefined, 0, 10_000, 300);
    near(e.joules, 3000, 'joules');
    assert.deepEqual([e.measuredMs, e.estimatedMs], [0, 10_000]);
    assert.equal(gpuEnergy(series([[0, null], [1000, null]]), 0, 10_000, 300).estimatedMs, 10_000);
  });

  it('edges: a short one holds the nearest reading, a long one falls back to the configured watts', () => {
    const late = series(everySecond(20, 30, () => 100));
    // 0..20 s before the first reading: 20 s at 300 W estimated, then 10 s at 100 W.
    const long = gpuEnergy(late, 0, 30_000, 300);
    near(long.joules, 6000 + 1000, 'long lead-in');
    assert.equal(long.estimatedMs, 20_000);
    // 19..31 s: 1 s held before, 10 s measured, 1 s held after.
    const short = gpuEnergy(late, 19_000, 31_000, 300);
    near(short.joules, 1200, 'short edges');
    assert.equal(short.estimatedMs, 0);
  });

  it('a downsampled mean stands for its whole window', () => {
    const blocks: PowerPoint[] = [{ from: 0, t: 10_000, watts: 150 }, { from: 10_000, t: 20_000, watts: 50 }];
    near(gpuEnergy(blocks, 0, 20_000, 300).joules, 2000, 'both windows');
    near(gpuEnergy(blocks, 5000, 15_000, 300).joules, 1000, 'halves of each');
  });
});
