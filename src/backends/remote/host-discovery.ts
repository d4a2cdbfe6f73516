/**
 * What a host offers, found with one command: its working directory as an
 * absolute path (trial folders and synced code live under it), its GPUs by
 * UUID, and the compute processes on them (other people's make a GPU busy).
 * The sections are framed by marker lines no tool prints.
 */
import { shellQuote } from '../../core/space/shell';
import {
  classifyFailure, computeAppsArgs, gpuQueryArgs, INVENTORY_FIELDS, parseComputeApps, parseInventory,
  type ComputeApp, type GpuInfo, type NvidiaSmiFailure,
} from '../power/nvidia-smi';

const MARK = '@@rung-discovery';

export type Discovery =
  | { readonly kind: 'no-workdir'; readonly workdir: string }
  | { readonly kind: 'ready'; readonly root: string; readonly gpus: GpuFinding };

export type GpuFinding =
  | { readonly kind: 'gpus'; readonly gpus: readonly GpuInfo[]; readonly apps: readonly ComputeApp[] }
  | { readonly kind: 'none'; readonly failure: NvidiaSmiFailure }
  | { readonly kind: 'not-asked' };

/** `~` and `~/x` mean the login directory, as in ssh; a relative path is relative to it too. */
export function workdirWord(workdir: string): string {
  if (workdir === '~') return '"$HOME"';
  return workdir.startsWith('~/') ? `"$HOME"/${shellQuote(workdir.slice(2))}` : shellQuote(workdir);
}

export function nvidiaSmiCommand(nvidiaSmi: string, args: readonly string[]): string {
  return [nvidiaSmi, ...args].map(shellQuote).join(' ');
}

/** `withGpus` false: a CPU-only study need not ask nvidia-smi at all. */
export function discoveryScript(workdir: string, nvidiaSmi: string, withGpus: boolean): string {
  return [
    `cd ${workdirWord(workdir)} 2>/dev/null || { echo ${MARK}-no-workdir; exit 0; }`,
    `echo ${MARK}-root; pwd`,
    ...(withGpus ? [
      `echo ${MARK}-gpus; ${nvidiaSmiCommand(nvidiaSmi, gpuQueryArgs(INVENTORY_FIELDS))} 2>&1; echo "${MARK}-gpus-exit $?"`,
      `echo ${MARK}-apps; ${nvidiaSmiCommand(nvidiaSmi, computeAppsArgs())} 2>&1; echo "${MARK}-apps-exit $?"`,
    ] : []),
  ].join('\n');
}

export function parseDiscovery(stdout: string, workdir: string, withGpus: boolean): Discovery {
  const sections = new Map<string, string[]>();
  const codes = new Map<string, number>();
  let current: string[] | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(MARK)) {
      const [tag = '', code] = line.slice(MARK.length + 1).split(' ');
      if (code !== undefined) {
        codes.set(tag.replace(/-exit$/, ''), Number(code));
        current = undefined;
      } else {
        current = [];
        sections.set(tag, current);
      }
    } else {
      current?.push(line);
    }
  }
  if (sections.has('no-workdir') || !sections.has('root')) return { kind: 'no-workdir', workdir };
  const root = (sections.get('root') ?? []).join('\n').trim();
  if (!withGpus) return { kind: 'ready', root, gpus: { kind: 'not-asked' } };
  for (const tag of ['gpus', 'apps']) {
    const code = codes.get(tag) ?? null;
    if (code !== 0) return { kind: 'ready', root, gpus: { kind: 'none', failure: classifyFailure(code, (sections.get(tag) ?? []).join('\n')) } };
  }
  try {
    const gpus = parseInventory((sections.get('gpus') ?? []).join('\n'));
    const apps = parseComputeApps((sections.get('apps') ?? []).join('\n'));
    return { kind: 'ready', root, gpus: { kind: 'gpus', gpus, apps } };
  } catch (e) {
    return { kind: 'ready', root, gpus: { kind: 'none', failure: { kind: 'error', message: (e as Error).message } } };
  }
}
