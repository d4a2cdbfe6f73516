/** Journals built event by event and replayed by the real reducer, for the energy tests. */
import { JOURNAL_VERSION, type NewEvent, type PowerSample, type RunEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/reducer';
import type { RunState } from '../../../src/core/journal/state';
import type { EnergySettings } from '../../../src/core/space/model';

export const HOST = 'box';
export const GPU_A = 'GPU-aaaa';
export const GPU_B = 'GPU-bbbb';

/** Round numbers so that every expected value can be worked out by hand. */
export const ENERGY: EnergySettings = { pue: 1.5, carbonIntensity: 400, cpuWatts: 60, ramWatts: 20, gpuWatts: 300 };

export class Journal {
  readonly events: RunEvent[] = [];

  constructor() {
    this.add(0, { type: 'run-started', runId: 'r', studyFile: 's.rung.yaml', seed: 1 });
  }

  add(at: number, e: NewEvent): this {
    this.events.push({ v: JOURNAL_VERSION, at, ...e } as RunEvent);
    return this;
  }

  trial(id: string, at = 0): this {
    return this.add(at, { type: 'trial-created', trial: id, config: {}, bracket: 0, resource: 1 });
  }

  /** A launch of `trial` on `gpus` from `from` to `to` ms (still running when `to` is undefined). */
  launch(trial: string, n: number, gpus: readonly string[], from: number, to: number | undefined, resource = 1, state: 'paused' | 'completed' | 'stopped' = 'completed'): this {
    const launch = `${trial}.${n}`;
    this.add(from, { type: 'launch-intent', trial, launch, resource, fromResource: 0 });
    this.add(from, { type: 'trial-launched', trial, launch, host: HOST, gpus, handle: 'h' });
    if (to !== undefined) this.add(to, { type: 'metric', trial, launch, resource, values: { score: 1 } }).add(to, { type: 'trial-ended', trial, launch, state, reason: '' });
    return this;
  }

  power(samples: readonly PowerSample[], host = HOST): this {
    return this.add(Math.max(...samples.map((s) => s.t)), { type: 'power', host, samples });
  }

  state(): RunState {
    return replay([...this.events].sort((a, b) => a.at - b.at));
  }
}

/** Readings of one GPU: [t ms, watts] pairs. */
export function readings(gpu: string, pairs: readonly (readonly [number, number | null])[]): PowerSample[] {
  return pairs.map(([t, watts]) => ({ gpu, t, watts, util: null, memMiB: null }));
}

export function near(actual: number, expected: number, what: string, tolerance = 1e-9): void {
  if (Math.abs(actual - expected) > tolerance * Math.max(1, Math.abs(expected))) throw new Error(`${what}: ${actual}, expected ${expected}`);
}
