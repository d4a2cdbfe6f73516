/**
 * Energy and CO2e of a run, per trial, per rung and in all, plus what early
 * stopping saved: what `rung status` prints and the editor shows. Per rung
 * means the energy spent climbing to that rung: a trial's energy up to its
 * first result at the rung, less its energy up to the rung below; what it
 * spent after its last rung counts toward the next rung it was heading for.
 */
import { priceEnergy, type Energy } from '../energy/price';
import { savedByEarlyStopping, type Saved } from '../energy/saved';
import { addUse, GpuHolders, NO_USE, trialEnergy, type EnergyUse } from '../energy/trial-energy';
import type { RunState, Trial, TrialState } from '../journal/state';
import { rungLadder } from '../schedule/plan';
import type { Study } from '../space/model';

export interface TrialEnergyRow {
  readonly trial: string;
  readonly state: TrialState;
  readonly reached: number;
  readonly energy: Energy;
}

export interface RungEnergyRow {
  readonly resource: number;
  readonly energy: Energy;
}

export interface EnergyReport {
  readonly run: Energy;
  readonly trials: readonly TrialEnergyRow[];
  readonly rungs: readonly RungEnergyRow[];
  readonly saved: Saved;
}

export function energyReport(state: RunState, study: Pick<Study, 'energy' | 'scheduler'>, now: number): EnergyReport {
  const e = study.energy;
  const s = study.scheduler;
  const holders = new GpuHolders(state, now);
  const levels = s.type === 'fifo' ? [s.max] : rungLadder(s.min, s.max, s.reduction);
  const perTrial = new Map<string, EnergyUse>();
  const perRung = levels.map(() => NO_USE);
  let run = NO_USE;
  for (const id of state.order) {
    const t = state.trials.get(id) as Trial;
    const use = trialEnergy(state, t, holders, e.gpuWatts);
    perTrial.set(id, use);
    run = addUse(run, use);
    let before = NO_USE;
    for (const [k, level] of levels.entries()) {
      const arrived = t.observations.find((o) => o.resource >= level - 1e-9)?.at;
      // The top rung also takes what a trial spent after its last result (saving a checkpoint, exiting).
      const upTo = arrived === undefined || k === levels.length - 1 ? use : trialEnergy(state, t, holders, e.gpuWatts, { until: arrived });
      perRung[k] = addUse(perRung[k] as EnergyUse, addUse(upTo, before, -1));
      before = upTo;
      if (arrived === undefined) break;
    }
  }
  return {
    run: priceEnergy(run, e),
    trials: state.order.map((id) => {
      const t = state.trials.get(id) as Trial;
      return { trial: id, state: t.state, reached: t.reached, energy: priceEnergy(perTrial.get(id) ?? NO_USE, e) };
    }),
    rungs: levels.map((resource, k) => ({ resource, energy: priceEnergy(perRung[k] as EnergyUse, e) })),
    saved: savedByEarlyStopping(state.trials.values(), s.max, s.resource, e.carbonIntensity, (t) => priceEnergy(perTrial.get(t.id) ?? NO_USE, e).kwh),
  };
}
