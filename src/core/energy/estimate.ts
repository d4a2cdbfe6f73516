/**
 * Energy and CO2e from configured watts, used until power draw is measured.
 * Every figure carries the assumptions it rests on, so a view can say so.
 */
import type { EnergySettings } from '../space/model';

export interface EnergyEstimate {
  readonly kwh: number;
  readonly co2eKg: number;
  readonly assumption: string;
}

/** kWh and kg CO2e of `gpuSeconds` GPU-seconds and `trialSeconds` trial-seconds at configured watts. */
export function estimateEnergy(gpuSeconds: number, trialSeconds: number, e: EnergySettings): EnergyEstimate {
  const joules = gpuSeconds * e.gpuWatts + trialSeconds * (e.cpuWatts + e.ramWatts);
  const kwh = (joules / 3.6e6) * e.pue;
  return {
    kwh,
    co2eKg: (kwh * e.carbonIntensity) / 1000,
    assumption: `estimated from configured watts (GPU ${e.gpuWatts} W, CPU ${e.cpuWatts} W, RAM ${e.ramWatts} W), PUE ${e.pue}, ${e.carbonIntensity} g CO2e/kWh; not measured`,
  };
}
