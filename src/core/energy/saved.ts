/**
 * What early stopping saved: each trial the scheduler stopped, or left
 * paused, below the maximum resource would have needed (max - reached) more
 * resource units; at the energy per unit it actually used so far (its
 * measured average, CPU, RAM and PUE included), that is the energy saved.
 */
import type { Trial } from '../journal/state';

export interface SavedTrial {
  readonly trial: string;
  readonly kwh: number;
}

export interface Saved {
  readonly kwh: number;
  readonly co2eKg: number;
  readonly trials: readonly SavedTrial[];
  readonly assumptions: readonly string[];
}

/** Whether the scheduler's early stopping kept this trial from reaching `max`. */
function cutShort(t: Trial, max: number): boolean {
  if (t.reached >= max - 1e-9 || t.converged) return false;
  return t.state === 'paused' || (t.state === 'stopped' && t.earlyStopped);
}

/** `used` gives a trial's kWh so far; `unit` names the resource (epochs, steps...). */
export function savedByEarlyStopping(trials: Iterable<Trial>, max: number, unit: string, carbonIntensity: number, used: (t: Trial) => number): Saved {
  const saved: SavedTrial[] = [];
  let unmeasured = 0;
  for (const t of trials) {
    if (!cutShort(t, max)) continue;
    if (t.reached <= 0) { unmeasured++; continue; }
    saved.push({ trial: t.id, kwh: (used(t) / t.reached) * (max - t.reached) });
  }
  const kwh = saved.reduce((sum, s) => sum + s.kwh, 0);
  const assumptions = [
    `each of the ${saved.length} trial(s) stopped or left paused below ${max} ${unit} would have needed the rest of the way to ${max} at the energy per unit of ${unit} it used so far (its measured average)`,
    'paused trials may still be promoted while the run goes on',
  ];
  if (unmeasured > 0) assumptions.push(`${unmeasured} trial(s) stopped before reporting any ${unit} left out`);
  return { kwh, co2eKg: (kwh * carbonIntensity) / 1000, trials: saved, assumptions };
}
