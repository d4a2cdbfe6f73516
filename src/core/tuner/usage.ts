/** What a run has spent so far, derived from its state: trials, GPU time, trial time, energy. */
import { priceEnergy, type Energy } from '../energy/price';
import { addUse, GpuHolders, NO_USE, trialEnergy } from '../energy/trial-energy';
import type { RunState } from '../journal/state';
import type { EnergySettings } from '../space/model';

export interface Usage {
  readonly trials: number;
  readonly gpuSeconds: number;
  readonly trialSeconds: number;
  readonly wallSeconds: number;
  /** Measured where power readings exist, configured watts elsewhere; its assumptions say which. */
  readonly energy: Energy;
}

export function usage(state: RunState, now: number, energy: EnergySettings): Usage {
  const holders = new GpuHolders(state, now);
  let use = NO_USE;
  for (const t of state.trials.values()) use = addUse(use, trialEnergy(state, t, holders, energy.gpuWatts));
  return {
    trials: state.order.length,
    gpuSeconds: use.gpuMs / 1000,
    trialSeconds: use.wallMs / 1000,
    wallSeconds: Math.max(0, (now - state.startedAt) / 1000),
    energy: priceEnergy(use, energy),
  };
}
