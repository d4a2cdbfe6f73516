import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PowerDownsampler, type PowerBatch } from '../../../src/core/energy/downsample';
import { gpuEnergy } from '../../../src/core/energy/gpu-energy';
import type { PowerSample } from '../../../src/core/journal/events';
import { GPU_A, GPU_B, HOST, Journal, near } from './journal';

/** Two GPUs read every second for 10 minutes: a wobbly load, a 20 s gap, [N/A] runs, and readings 1.2 s apart. */
function rawReadings(): PowerSample[] {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const out: PowerSample[] = [];
  for (const gpu of [GPU_A, GPU_B]) {
    let t = 0;
    for (let i = 0; t < 600_000; i++) {
      t += i % 50 === 49 ? 1200 : 1000;
      if (t > 200_000 && t < 220_000 && gpu === GPU_A) continue;
      const na = (t > 300_000 && t < 303_500) || (gpu === GPU_B && i % 97 === 0);
      out.push({ gpu, t, watts: na ? null : 80 + 400 * rnd(), util: 50, memMiB: 1000 });
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

/**
 * Feeds the readings as a sampler delivers them, a few at a time, and
 * flushes at `cuts` (launch edges, for the engine: every reading journalled
 * by then was taken before). Returns the batches and, per cut, each GPU's
 * last reading before it.
 */
function downsample(raw: readonly PowerSample[], cuts: readonly number[]): { batches: PowerBatch[]; edges: Map<string, number>[] } {
  const d = new PowerDownsampler(30_000);
  const batches: PowerBatch[] = [];
  const edges: Map<string, number>[] = [];
  const pending = [...cuts];
  let chunk: PowerSample[] = [];
  for (const [i, r] of raw.entries()) {
    if (pending.length > 0 && r.t > (pending[0] as number)) {
      batches.push(...d.push(HOST, chunk), ...d.flush());
      chunk = [];
      edges.push(new Map(raw.slice(0, i).map((x) => [x.gpu, x.t])));
      pending.shift();
    }
    chunk.push(r);
    if (chunk.length === 3) {
      batches.push(...d.push(HOST, chunk));
      chunk = [];
    }
  }
  batches.push(...d.push(HOST, chunk), ...d.flush());
  return { batches, edges };
}

describe('PowerDownsampler', () => {
  const raw = rawReadings();
  const cuts = [95_000, 400_000];
  const { batches, edges } = downsample(raw, cuts);
  const full = new Journal().power(raw).state().power.get(HOST);
  const down = batches.reduce((j, b) => j.power(b.samples), new Journal()).state().power.get(HOST);

  it('journals at most one event per host per window, plus one per flush', () => {
    assert.ok(batches.length <= 600 / 30 + cuts.length + 1, `${batches.length} events`);
    const kept = batches.reduce((n, b) => n + b.samples.length, 0);
    assert.ok(kept < raw.length / 10, `${kept} of ${raw.length} readings kept`);
  });

  it('keeps the integral: energy over the whole run, and between flushes (launch edges), is unchanged', () => {
    const [c1, c2] = cuts as [number, number];
    for (const gpu of [GPU_A, GPU_B]) {
      const [e1, e2] = edges.map((e) => e.get(gpu) as number) as [number, number];
      for (const [x, y] of [[0, 700_000], [c1, c2], [0, c1], [c2, 650_000], [e1, e2], [(e1 + c1) / 2, (e2 + c2) / 2]] as const) {
        const a = gpuEnergy(full?.get(gpu), x, y, 300);
        const b = gpuEnergy(down?.get(gpu), x, y, 300);
        near(b.joules, a.joules, `${gpu} ${x}..${y} joules`, 1e-6);
        assert.equal(b.bridgedMs, a.bridgedMs, `${gpu} ${x}..${y} bridged`);
        assert.equal(b.estimatedMs, a.estimatedMs, `${gpu} ${x}..${y} estimated`);
      }
    }
    assert.ok((gpuEnergy(full?.get(GPU_A), 0, 700_000, 300).bridgedMs) >= 20_000, 'the gap is flagged');
  });

  it('a window straddled by an interval is charged at its mean: close, not exact', () => {
    for (const [x, y] of [[10_000, 50_000], [130_500, 170_500]]) {
      const a = gpuEnergy(full?.get(GPU_A), x, y, 300).joules;
      const b = gpuEnergy(down?.get(GPU_A), x, y, 300).joules;
      assert.ok(Math.abs(a - b) / a < 0.05, `${x}..${y}: ${b} vs ${a}`);
    }
  });

  it('nothing pushed, nothing journalled', () => {
    assert.deepEqual(new PowerDownsampler().flush(), []);
    const d = new PowerDownsampler(30_000);
    d.push(HOST, [{ gpu: GPU_A, t: 0, watts: 100, util: null, memMiB: null }]);
    assert.equal(d.flush().length, 1);
    assert.deepEqual(d.flush(), []);
  });
});
