/** What a run has spent so far, derived from its state: trials, GPU time, trial time, energy. */
import type { RunState } from '../journal/state';
import { estimateEnergy, type EnergyEstimate } from '../energy/estimate';
import type { EnergySettings } from '../space/model';

export interface Usage {
  readonly trials: number;
  readonly gpuSeconds: number;
  readonly trialSeconds: number;
  readonly wallSeconds: number;
  readonly energy: EnergyEstimate;
}

export function usage(state: RunState, now: number, energy: EnergySettings): Usage {
  let gpuSeconds = 0;
  let trialSeconds = 0;
  for (const t of state.trials.values()) {
    for (const l of t.launches) {
      if (l.launchedAt === undefined) continue;
      const seconds = Math.max(0, ((l.endedAt ?? now) - l.launchedAt) / 1000);
      trialSeconds += seconds;
      gpuSeconds += seconds * l.gpus.length;
    }
  }
  return {
    trials: state.order.length,
    gpuSeconds,
    trialSeconds,
    wallSeconds: Math.max(0, (now - state.startedAt) / 1000),
    energy: estimateEnergy(gpuSeconds, trialSeconds, energy),
  };
}
