/**
 * The one-line summary of a run (status bar, run node description) and the
 * energy so far. Shown only once GPU power has been measured: a status bar
 * that showed configured-watt guesses as "CO2e so far" would look like a measurement.
 */
import { priceEnergy, type Energy } from '../energy/price';
import { addUse, GpuHolders, NO_USE, trialEnergy as trialUse } from '../energy/trial-energy';
import type { RunState, Trial } from '../journal/state';
import type { EnergySettings } from '../space/model';
import { leaderboard, type ObjectiveRef } from './leaderboard';
import { fmt } from './run-tree';

/** kWh and kg CO2e as energyReport prices them (measured GPU power, configured CPU/RAM watts, PUE, intensity). */
export type MeasuredEnergy = Energy;

/** The run's energy so far; undefined until some GPU power was measured. */
export function measuredEnergy(state: RunState, energy: EnergySettings, now: number): MeasuredEnergy | undefined {
  if (state.power.size === 0) return undefined;
  const holders = new GpuHolders(state, now);
  let use = NO_USE;
  for (const t of state.trials.values()) use = addUse(use, trialUse(state, t, holders, energy.gpuWatts));
  return priceEnergy(use, energy);
}

/** One trial's energy so far (its GPUs while its launches ran); undefined until some GPU power was measured. */
export function trialEnergy(state: RunState, trial: Trial, energy: EnergySettings, now: number): MeasuredEnergy | undefined {
  if (state.power.size === 0) return undefined;
  return priceEnergy(trialUse(state, trial, new GpuHolders(state, now), energy.gpuWatts), energy);
}

export interface RunSummary {
  readonly running: number;
  readonly trials: number;
  readonly best?: { readonly trial: string; readonly value: number };
  readonly energy?: MeasuredEnergy;
  /** "3 running · best val_accuracy 0.93 · 0.012 kg CO2e" */
  readonly text: string;
}

/** `energy` settings are needed only for the CO2e part; a caller that shows no energy leaves them out and skips its cost. */
export function summariseRun(state: RunState, objective: ObjectiveRef | undefined, energy: EnergySettings | undefined, now: number): RunSummary {
  let running = 0;
  for (const t of state.trials.values()) if (t.state === 'running') running++;
  const top = objective ? leaderboard(state, objective, 1)[0] : undefined;
  const measured = energy ? measuredEnergy(state, energy, now) : undefined;
  const parts = [`${running} running`];
  if (top && objective) parts.push(`best ${objective.name} ${fmt(top.value)}`);
  if (measured) parts.push(`${fmt(measured.co2eKg)} kg CO2e`);
  return {
    running, trials: state.order.length, text: parts.join(' · '),
    ...(top ? { best: { trial: top.trial, value: top.value } } : {}),
    ...(measured ? { energy: measured } : {}),
  };
}
