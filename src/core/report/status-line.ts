/**
 * The one-line summary of a run (status bar, run node description) and the
 * energy measured from power samples. Measured energy only: a status bar that
 * showed configured-watt guesses as "CO2e so far" would look like a measurement.
 */
import type { RunState, Trial } from '../journal/state';
import type { EnergySettings } from '../space/model';
import { leaderboard, type ObjectiveRef } from './leaderboard';
import { fmt } from './run-tree';

export interface MeasuredEnergy {
  readonly kwh: number;
  readonly co2eKg: number;
}

/** Samples further apart than this are a gap (engine down): not integrated across. */
const MAX_GAP_MS = 5 * 60_000;

type Series = readonly (readonly [number, number | null])[];

/** Joules of one GPU's series between `from` and `to` (trapezoids of samples inside), or undefined without any. */
function joulesOf(series: Series, from = -Infinity, to = Infinity): number | undefined {
  let joules: number | undefined;
  for (let i = 1; i < series.length; i++) {
    const [t0, w0] = series[i - 1] as readonly [number, number | null];
    const [t1, w1] = series[i] as readonly [number, number | null];
    if (t0 < from || t1 > to || w0 === null || w1 === null || t1 <= t0 || t1 - t0 > MAX_GAP_MS) continue;
    joules = (joules ?? 0) + ((w0 + w1) / 2) * ((t1 - t0) / 1000);
  }
  return joules;
}

function toEnergy(joules: number, energy: EnergySettings): MeasuredEnergy {
  const kwh = (joules / 3.6e6) * energy.pue;
  return { kwh, co2eKg: (kwh * energy.carbonIntensity) / 1000 };
}

/** Integrates each GPU's power series (trapezoids), times PUE and carbon intensity; undefined without samples. */
export function measuredEnergy(power: RunState['power'], energy: EnergySettings): MeasuredEnergy | undefined {
  let total: number | undefined;
  for (const series of power.values()) {
    const j = joulesOf(series);
    if (j !== undefined) total = (total ?? 0) + j;
  }
  return total === undefined ? undefined : toEnergy(total, energy);
}

/** A trial's measured energy: its GPUs' power while each of its launches ran; undefined without samples. */
export function trialEnergy(trial: Trial, power: RunState['power'], energy: EnergySettings, now: number): MeasuredEnergy | undefined {
  let total: number | undefined;
  for (const l of trial.launches) {
    if (l.launchedAt === undefined) continue;
    for (const gpu of l.gpus) {
      const series = power.get(gpu);
      const j = series && joulesOf(series, l.launchedAt, l.endedAt ?? now);
      if (j !== undefined) total = (total ?? 0) + j;
    }
  }
  return total === undefined ? undefined : toEnergy(total, energy);
}

export interface RunSummary {
  readonly running: number;
  readonly trials: number;
  readonly best?: { readonly trial: string; readonly value: number };
  readonly energy?: MeasuredEnergy;
  /** "3 running · best val_accuracy 0.93 · 0.012 kg CO2e" */
  readonly text: string;
}

export function summariseRun(state: RunState, objective: ObjectiveRef | undefined, energy: EnergySettings | undefined): RunSummary {
  let running = 0;
  for (const t of state.trials.values()) if (t.state === 'running') running++;
  const top = objective ? leaderboard(state, objective, 1)[0] : undefined;
  const measured = energy ? measuredEnergy(state.power, energy) : undefined;
  const parts = [`${running} running`];
  if (top && objective) parts.push(`best ${objective.name} ${fmt(top.value)}`);
  if (measured) parts.push(`${fmt(measured.co2eKg)} kg CO2e`);
  return {
    running, trials: state.order.length, text: parts.join(' · '),
    ...(top ? { best: { trial: top.trial, value: top.value } } : {}),
    ...(measured ? { energy: measured } : {}),
  };
}
