/**
 * Compute spent by a moment of the run: GPU-seconds and trial-seconds are
 * piecewise linear in time (their slope is what is running), so one sweep
 * over launch starts and ends answers any number of sorted queries.
 */
import type { RunState } from '../../journal/state';

export interface ComputeAt {
  readonly gpuSeconds: number;
  readonly trialSeconds: number;
}

interface Step { readonly at: number; readonly gpus: number; readonly trials: number }

/** Compute spent by each of `times` (any order), counting running launches up to `now`. */
export function computeAt(state: RunState, times: readonly number[], now: number): ComputeAt[] {
  const steps: Step[] = [];
  for (const t of state.trials.values()) {
    for (const l of t.launches) {
      if (l.launchedAt === undefined) continue;
      const end = l.endedAt ?? now;
      if (end <= l.launchedAt) continue;
      steps.push({ at: l.launchedAt, gpus: l.gpus.length, trials: 1 }, { at: end, gpus: -l.gpus.length, trials: -1 });
    }
  }
  steps.sort((a, b) => a.at - b.at);
  const order = [...times.keys()].sort((a, b) => (times[a] as number) - (times[b] as number));
  const out = new Array<ComputeAt>(times.length);
  let gpuSeconds = 0;
  let trialSeconds = 0;
  let gpus = 0;
  let trials = 0;
  let clock = -Infinity;
  let k = 0;
  const advance = (to: number) => {
    if (clock !== -Infinity && to > clock) {
      gpuSeconds += (gpus * (to - clock)) / 1000;
      trialSeconds += (trials * (to - clock)) / 1000;
    }
    clock = Math.max(clock, to);
  };
  for (const i of order) {
    const at = times[i] as number;
    while (k < steps.length && (steps[k] as Step).at <= at) {
      const s = steps[k] as Step;
      advance(s.at);
      gpus += s.gpus;
      trials += s.trials;
      k++;
    }
    advance(at);
    out[i] = { gpuSeconds, trialSeconds };
  }
  return out;
}

/** Whether any launch of the run held a GPU: if none did, compute is counted in trial hours. */
export function usesGpus(state: RunState): boolean {
  for (const t of state.trials.values()) for (const l of t.launches) if (l.gpus.length > 0) return true;
  return false;
}

/** GPU hours (or trial hours where no trial used a GPU) spent by each of `times`. */
export function computeHoursAt(state: RunState, times: readonly number[], now: number): number[] {
  const gpu = usesGpus(state);
  return computeAt(state, times, now).map((c) => (gpu ? c.gpuSeconds : c.trialSeconds) / 3600);
}
