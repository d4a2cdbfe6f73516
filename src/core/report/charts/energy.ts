/**
 * Energy and CO2e per trial and over time, priced by the energy module
 * exactly as `rung status` and the budgets price them: measured GPU power
 * where it was sampled, configured watts elsewhere, CPU and RAM watts, PUE
 * and carbon intensity, each figure with the assumptions it rests on.
 */
import { priceEnergy } from '../../energy/price';
import { savedByEarlyStopping } from '../../energy/saved';
import { addUse, GpuHolders, NO_USE, trialEnergy, type EnergyUse } from '../../energy/trial-energy';
import type { RunState, Trial } from '../../journal/state';
import type { EnergySettings } from '../../space/model';
import type { EnergyBar, EnergyData, XY } from './model';

/** More trials than this and bars stand for consecutive groups of trials. */
export const MAX_BARS = 200;
/** The cumulative curves keep at most this many points (the last always). */
const CUMULATIVE_POINTS = 400;

export interface EnergyScheduler {
  /** The scheduler's largest resource: a trial stopped below it was stopped early. */
  readonly max: number;
  /** FIFO never stops early: no savings to report. */
  readonly earlyStopping: boolean;
  readonly resource: string;
}

export function energyData(state: RunState, settings: EnergySettings, scheduler: EnergyScheduler, now: number): EnergyData {
  const trials = state.order.map((id) => state.trials.get(id)).filter((t): t is Trial => t !== undefined);
  const holders = new GpuHolders(state, now);
  const uses = new Map(trials.map((t) => [t.id, trialEnergy(state, t, holders, settings.gpuWatts)]));
  const perBar = Math.max(1, Math.ceil(trials.length / MAX_BARS));
  const bars: EnergyBar[] = [];
  let run = NO_USE;
  for (let k = 0; k < trials.length; k += perBar) {
    const group = trials.slice(k, k + perBar);
    const use = group.reduce((sum, t) => addUse(sum, uses.get(t.id) ?? NO_USE), NO_USE);
    run = addUse(run, use);
    const priced = priceEnergy(use, settings);
    const label = group.length === 1 ? (group[0] as Trial).id : `${(group[0] as Trial).id}..${(group[group.length - 1] as Trial).id}`;
    bars.push({ label, kwh: priced.kwh, co2eKg: priced.co2eKg });
  }
  const total = priceEnergy(run, settings);
  const { kwh: cumulativeKwh, co2eKg: cumulativeCo2eKg } = cumulative(state, trials, holders, settings, now);
  const saved = scheduler.earlyStopping
    ? savedByEarlyStopping(trials, scheduler.max, scheduler.resource, settings.carbonIntensity, (t) => priceEnergy(uses.get(t.id) ?? NO_USE, settings).kwh)
    : undefined;
  return {
    bars, perBar, cumulativeKwh, cumulativeCo2eKg, totalKwh: total.kwh, totalCo2eKg: total.co2eKg,
    pue: settings.pue, intensity: settings.carbonIntensity, measured: state.power.size > 0 && total.measuredShare > 0,
    assumption: total.assumptions.join('; '),
    ...(saved && saved.trials.length > 0 ? { saved: { kwh: saved.kwh, co2eKg: saved.co2eKg, trials: saved.trials.length } } : {}),
  };
}

/**
 * Cumulative energy against seconds since the run started: each launch adds
 * what its trial used up to the launch's end (or now), so the curve rises at
 * the moments energy was accounted for.
 */
function cumulative(state: RunState, trials: readonly Trial[], holders: GpuHolders, settings: EnergySettings, now: number): { kwh: XY[]; co2eKg: XY[] } {
  const steps: { at: number; use: EnergyUse }[] = [];
  for (const t of trials) {
    let before = NO_USE;
    for (const l of t.launches) {
      if (l.launchedAt === undefined) continue;
      const at = l.endedAt ?? now;
      const upTo = trialEnergy(state, t, holders, settings.gpuWatts, { until: at });
      steps.push({ at, use: addUse(upTo, before, -1) });
      before = upTo;
    }
  }
  steps.sort((a, b) => a.at - b.at);
  const kwh: XY[] = [[0, 0]];
  const co2eKg: XY[] = [[0, 0]];
  const every = Math.max(1, Math.ceil(steps.length / CUMULATIVE_POINTS));
  let sum = NO_USE;
  steps.forEach((s, k) => {
    sum = addUse(sum, s.use);
    if ((k + 1) % every !== 0 && k !== steps.length - 1) return;
    const priced = priceEnergy(sum, settings);
    const seconds = Math.max(0, (s.at - state.startedAt) / 1000);
    kwh.push([seconds, priced.kwh]);
    co2eKg.push([seconds, priced.co2eKg]);
  });
  return { kwh, co2eKg };
}
