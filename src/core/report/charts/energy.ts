/**
 * Energy and CO2e per trial and over time. Every figure goes through
 * `energyOf`, so when measured power replaces configured watts only that
 * function changes.
 */
import { estimateEnergy, type EnergyEstimate } from '../../energy/estimate';
import type { RunState, Trial } from '../../journal/state';
import type { EnergySettings } from '../../space/model';
import { computeAt } from './compute-time';
import type { EnergyBar, EnergyData, XY } from './model';

/** More trials than this and bars stand for consecutive groups of trials. */
export const MAX_BARS = 200;
const CUMULATIVE_SAMPLES = 200;

export function energyOf(gpuSeconds: number, trialSeconds: number, settings: EnergySettings): EnergyEstimate {
  return estimateEnergy(gpuSeconds, trialSeconds, settings);
}

interface TrialCompute { readonly gpuSeconds: number; readonly trialSeconds: number }

function trialCompute(t: Trial, now: number): TrialCompute {
  let gpuSeconds = 0;
  let trialSeconds = 0;
  for (const l of t.launches) {
    if (l.launchedAt === undefined) continue;
    const seconds = Math.max(0, ((l.endedAt ?? now) - l.launchedAt) / 1000);
    trialSeconds += seconds;
    gpuSeconds += seconds * l.gpus.length;
  }
  return { gpuSeconds, trialSeconds };
}

export interface EnergyScheduler {
  /** The scheduler's largest resource: a trial stopped below it was stopped early. */
  readonly max: number;
  /** FIFO never stops early: no savings to report. */
  readonly earlyStopping: boolean;
}

export function energyData(state: RunState, settings: EnergySettings, scheduler: EnergyScheduler, now: number): EnergyData {
  const trials = state.order.map((id) => state.trials.get(id)).filter((t): t is Trial => t !== undefined);
  const perBar = Math.max(1, Math.ceil(trials.length / MAX_BARS));
  const bars: EnergyBar[] = [];
  let totalKwh = 0;
  let totalCo2eKg = 0;
  let assumption = energyOf(0, 0, settings).assumption;
  for (let k = 0; k < trials.length; k += perBar) {
    const group = trials.slice(k, k + perBar);
    let kwh = 0;
    let co2eKg = 0;
    for (const t of group) {
      const c = trialCompute(t, now);
      const e = energyOf(c.gpuSeconds, c.trialSeconds, settings);
      kwh += e.kwh;
      co2eKg += e.co2eKg;
      assumption = e.assumption;
    }
    totalKwh += kwh;
    totalCo2eKg += co2eKg;
    const label = group.length === 1 ? (group[0] as Trial).id : `${(group[0] as Trial).id}..${(group[group.length - 1] as Trial).id}`;
    bars.push({ label, kwh, co2eKg });
  }
  const { kwh: cumulativeKwh, co2eKg: cumulativeCo2eKg } = cumulative(state, settings, now);
  const saved = scheduler.earlyStopping ? savedByEarlyStopping(trials, settings, scheduler.max, now) : undefined;
  return {
    bars, perBar, cumulativeKwh, cumulativeCo2eKg, totalKwh, totalCo2eKg,
    pue: settings.pue, intensity: settings.carbonIntensity, measured: false, assumption,
    ...(saved && saved.trials > 0 ? { saved } : {}),
  };
}

/** Cumulative energy sampled evenly from the start to now (or the end): compute is piecewise linear in time. */
function cumulative(state: RunState, settings: EnergySettings, now: number): { kwh: XY[]; co2eKg: XY[] } {
  const start = state.startedAt;
  const end = Math.max(start, state.ended?.at ?? Math.max(now, state.lastAt));
  const times = Array.from({ length: CUMULATIVE_SAMPLES }, (_, k) => start + ((end - start) * k) / (CUMULATIVE_SAMPLES - 1));
  const at = computeAt(state, times, now);
  const kwh: XY[] = [];
  const co2eKg: XY[] = [];
  at.forEach((c, k) => {
    const e = energyOf(c.gpuSeconds, c.trialSeconds, settings);
    const seconds = ((times[k] as number) - start) / 1000;
    kwh.push([seconds, e.kwh]);
    co2eKg.push([seconds, e.co2eKg]);
  });
  return { kwh, co2eKg };
}

/**
 * What trials stopped below the largest resource would have spent reaching
 * it, at the pace each kept until it stopped. An estimate: later rungs may
 * run at another pace, and a promoted trial may still resume.
 */
export function savedByEarlyStopping(trials: readonly Trial[], settings: EnergySettings, max: number, now: number): { kwh: number; co2eKg: number; trials: number } {
  let gpuSeconds = 0;
  let trialSeconds = 0;
  let count = 0;
  for (const t of trials) {
    const stoppedEarly = (t.state === 'stopped' || t.state === 'paused') && !t.converged && t.reached > 0 && t.reached < max - 1e-9;
    if (!stoppedEarly) continue;
    const c = trialCompute(t, now);
    if (c.trialSeconds === 0) continue;
    const remaining = (max - t.reached) / t.reached;
    gpuSeconds += c.gpuSeconds * remaining;
    trialSeconds += c.trialSeconds * remaining;
    count++;
  }
  const e = energyOf(gpuSeconds, trialSeconds, settings);
  return { kwh: e.kwh, co2eKg: e.co2eKg, trials: count };
}
