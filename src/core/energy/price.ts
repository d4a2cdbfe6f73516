/**
 * Energy use to kWh and kg CO2e: GPU joules as measured (or estimated), CPU
 * and RAM at the study's configured watts for as long as trials ran, all
 * times PUE, times the grid's carbon intensity. Every figure lists what it
 * assumed, in words a report can print as they are.
 */
import type { EnergySettings } from '../space/model';
import type { EnergyUse } from './trial-energy';

export interface Energy {
  /** kWh at the wall socket of the data centre: PUE included. */
  readonly kwh: number;
  readonly co2eKg: number;
  readonly gpuKwh: number;
  readonly cpuRamKwh: number;
  readonly gpuHours: number;
  readonly wallSeconds: number;
  /** Share of GPU time whose power was measured (0..1); 1 when no GPU was used. */
  readonly measuredShare: number;
  readonly bridgedSeconds: number;
  readonly assumptions: readonly string[];
}

const J_PER_KWH = 3.6e6;

export function priceEnergy(use: EnergyUse, e: EnergySettings): Energy {
  const gpuKwh = use.gpu.joules / J_PER_KWH;
  const cpuRamKwh = ((e.cpuWatts + e.ramWatts) * use.wallMs) / 1000 / J_PER_KWH;
  const kwh = (gpuKwh + cpuRamKwh) * e.pue;
  const covered = use.gpu.measuredMs + use.gpu.estimatedMs;
  const measuredShare = covered > 0 ? use.gpu.measuredMs / covered : 1;
  const bridgedSeconds = use.gpu.bridgedMs / 1000;
  const assumptions = [
    `PUE ${e.pue}`,
    `carbon intensity ${e.carbonIntensity} g CO2e/kWh`,
    `CPU ${e.cpuWatts} W and RAM ${e.ramWatts} W per running trial (configured, not measured)`,
  ];
  if (use.gpuMs > 0) {
    if (use.gpu.measuredMs === 0) assumptions.push(`GPU power not measured: ${e.gpuWatts} W per GPU assumed (configured)`);
    else {
      assumptions.push(`GPU power measured for ${percent(measuredShare)} of GPU time`);
      if (use.gpu.estimatedMs > 0) assumptions.push(`${seconds(use.gpu.estimatedMs / 1000)} of GPU time without power readings estimated at the configured ${e.gpuWatts} W per GPU`);
    }
    if (bridgedSeconds > 0) assumptions.push(`${seconds(bridgedSeconds)} of gaps in the power readings bridged by the neighbouring readings' mean`);
    if (use.sharedMs > 0) assumptions.push(`${seconds(use.sharedMs / 1000)} on GPUs shared by launches at once, split equally between them`);
  }
  return {
    kwh, co2eKg: (kwh * e.carbonIntensity) / 1000, gpuKwh, cpuRamKwh,
    gpuHours: use.gpuMs / 3.6e6, wallSeconds: use.wallMs / 1000, measuredShare, bridgedSeconds, assumptions,
  };
}

function percent(share: number): string {
  const p = share * 100;
  return `${p > 99.9 && p < 100 ? '>99.9' : p < 0.1 && p > 0 ? '<0.1' : Number(p.toFixed(1))}%`;
}

function seconds(s: number): string {
  return s >= 100 ? `${Math.round(s)} s` : `${Number(s.toFixed(1))} s`;
}
