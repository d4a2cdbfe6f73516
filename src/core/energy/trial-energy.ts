/**
 * What a trial's launches drew: each launch's own GPUs (its host and GPU
 * UUIDs from trial-launched) over its own lifetime, from launched to exit.
 * A GPU that several launches hold at once is split equally between them,
 * so no joule is counted twice; one that launches hold one after the other
 * gives each only its own stretch.
 */
import type { RunState, Trial } from '../journal/state';
import { addEnergy, gpuEnergy, NO_ENERGY, POWER_GAP_MS, type GpuEnergy } from './gpu-energy';

export interface EnergyUse {
  /** GPU joules, and how much of the GPU time readings covered. */
  readonly gpu: GpuEnergy;
  /** GPU-milliseconds held. */
  readonly gpuMs: number;
  /** Launch-milliseconds: the time CPU and RAM watts are charged for. */
  readonly wallMs: number;
  /** GPU-milliseconds spent on a GPU shared with another launch. */
  readonly sharedMs: number;
}

export const NO_USE: EnergyUse = { gpu: NO_ENERGY, gpuMs: 0, wallMs: 0, sharedMs: 0 };

export function addUse(a: EnergyUse, b: EnergyUse, scale = 1): EnergyUse {
  return { gpu: addEnergy(a.gpu, b.gpu, scale), gpuMs: a.gpuMs + scale * b.gpuMs, wallMs: a.wallMs + scale * b.wallMs, sharedMs: a.sharedMs + scale * b.sharedMs };
}

interface Held {
  readonly launch: string;
  readonly from: number;
  readonly to: number;
}

/** Who held each GPU when: the index that splits shared GPUs. Build once per state and time. */
export class GpuHolders {
  private readonly byGpu = new Map<string, Held[]>();

  constructor(state: RunState, readonly now: number) {
    for (const t of state.trials.values()) {
      for (const l of t.launches) {
        if (l.launchedAt === undefined || l.host === undefined) continue;
        for (const g of l.gpus) {
          const key = gpuKey(l.host, g);
          const list = this.byGpu.get(key) ?? [];
          list.push({ launch: l.id, from: l.launchedAt, to: l.endedAt ?? now });
          this.byGpu.set(key, list);
        }
      }
    }
  }

  /** Times in (x, y) where another launch took or released the GPU, and who else held it. */
  others(host: string, gpu: string, launch: string): readonly Held[] {
    return (this.byGpu.get(gpuKey(host, gpu)) ?? []).filter((h) => h.launch !== launch);
  }
}

const gpuKey = (host: string, gpu: string): string => `${host}\n${gpu}`;

export interface TrialEnergyOptions {
  /** Count only energy drawn before this time (a rung's boundary); default: all of it. */
  readonly until?: number;
  readonly gapMs?: number;
}

/** The energy a trial's launches used up to `holders.now` (or `until`). */
export function trialEnergy(state: RunState, trial: Trial, holders: GpuHolders, fallbackGpuWatts: number, options: TrialEnergyOptions = {}): EnergyUse {
  let use = NO_USE;
  const until = Math.min(options.until ?? Infinity, holders.now);
  for (const l of trial.launches) {
    if (l.launchedAt === undefined || l.host === undefined) continue;
    const x = l.launchedAt;
    const y = Math.min(l.endedAt ?? holders.now, until);
    if (y <= x) continue;
    let gpu = NO_ENERGY;
    let sharedMs = 0;
    for (const g of l.gpus) {
      const series = state.power.get(l.host)?.get(g);
      const others = holders.others(l.host, g, l.id).filter((h) => h.to > x && h.from < y);
      const cuts = [...new Set([x, y, ...others.flatMap((h) => [h.from, h.to]).filter((t) => t > x && t < y)])].sort((a, b) => a - b);
      for (let i = 0; i + 1 < cuts.length; i++) {
        const a = cuts[i] as number;
        const b = cuts[i + 1] as number;
        const mid = (a + b) / 2;
        const sharing = 1 + others.filter((h) => h.from <= mid && h.to >= mid).length;
        gpu = addEnergy(gpu, gpuEnergy(series, a, b, fallbackGpuWatts, options.gapMs ?? POWER_GAP_MS), 1 / sharing);
        if (sharing > 1) sharedMs += b - a;
      }
    }
    use = addUse(use, { gpu, gpuMs: (y - x) * l.gpus.length, wallMs: y - x, sharedMs });
  }
  return use;
}
