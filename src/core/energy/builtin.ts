/**
 * Built-in metrics (co2e, energy_kwh, gpu_hours, wall_s) as a trial's own
 * results, so the scheduler, leaderboards and the Pareto front treat them
 * like any reported objective.
 *
 * The value of a trial at a resource is what it had used when it reported
 * that resource: all its launches so far, the current one up to now. The
 * engine computes it as the result arrives and journals it in the same
 * `metric` event. Computing it in the reducer instead would need the study's
 * energy settings there, and would make a past decision's inputs change
 * whenever a late power sample arrived: journalled, the value a scheduler
 * ranked on is the value every replay sees.
 */
import type { RunState, Trial } from '../journal/state';
import { BUILTIN_METRICS } from '../space/keys';
import type { Study } from '../space/model';
import { priceEnergy } from './price';
import { GpuHolders, trialEnergy } from './trial-energy';

/** The built-in objectives a study names; empty when it names none. */
export function builtinObjectives(study: Pick<Study, 'objectives'>): string[] {
  return study.objectives.filter((o) => o.builtin && o.name in BUILTIN_METRICS).map((o) => o.name);
}

/** Values of the named built-in metrics for `trial` at time `now`. */
export function builtinValues(state: RunState, trial: Trial, now: number, study: Pick<Study, 'energy'>, names: readonly string[]): Record<string, number> {
  if (names.length === 0) return {};
  const energy = priceEnergy(trialEnergy(state, trial, new GpuHolders(state, now), study.energy.gpuWatts), study.energy);
  const all: Record<string, number> = { co2e: energy.co2eKg, energy_kwh: energy.kwh, gpu_hours: energy.gpuHours, wall_s: energy.wallSeconds };
  return Object.fromEntries(names.filter((n) => n in all).map((n) => [n, all[n] as number]));
}
