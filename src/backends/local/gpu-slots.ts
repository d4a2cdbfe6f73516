/**
 * Free GPU slots from an inventory: GPUs in use by processes that are not
 * our trials are not free, GPUs our own trials hold are not free either, and
 * the rest are grouped `gpus_per_trial` at a time in index order.
 */
import type { Slot } from '../../core/ports';
import type { ComputeApp, GpuInfo } from '../power/nvidia-smi';

export interface GpuSlotOptions {
  readonly host: string;
  readonly gpusPerTrial: number;
  /** The study's `gpus:` (indices); all GPUs when absent. */
  readonly allowed?: readonly number[];
}

/**
 * nvidia-smi cannot list processes of other containers, but their memory
 * shows: a GPU with more than this used by someone is taken.
 */
export function foreignMemoryLimitMiB(totalMiB: number | null): number {
  return Math.max(1024, 0.05 * (totalMiB ?? 0));
}

export function freeGpuSlots(gpus: readonly GpuInfo[], apps: readonly ComputeApp[], ours: ReadonlySet<string>, options: GpuSlotOptions): Slot[] {
  const busy = new Set(apps.map((a) => a.gpuUuid).filter((u) => !ours.has(u)));
  const free = gpus
    .filter((g) => options.allowed === undefined || options.allowed.includes(g.index))
    .filter((g) => !ours.has(g.uuid) && !busy.has(g.uuid))
    .filter((g) => g.memoryUsedMiB === null || g.memoryUsedMiB <= foreignMemoryLimitMiB(g.memoryTotalMiB))
    .sort((a, b) => a.index - b.index);
  const per = Math.max(1, options.gpusPerTrial);
  const slots: Slot[] = [];
  for (let i = 0; i + per <= free.length; i += per) {
    const group = free.slice(i, i + per);
    slots.push({ id: `gpu${group.map((g) => g.index).join('+')}`, host: options.host, gpus: group.map((g) => g.uuid) });
  }
  return slots;
}
