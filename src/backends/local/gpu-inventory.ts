/**
 * Which GPUs this machine has and which of them other people's processes
 * use, from nvidia-smi. A machine without nvidia-smi or without a driver is
 * not an error: trials run on CPU slots there.
 */
import { execFile } from 'node:child_process';
import {
  classifyFailure, computeAppsArgs, gpuQueryArgs, INVENTORY_FIELDS, parseComputeApps, parseInventory,
  type ComputeApp, type GpuInfo, type NvidiaSmiFailure,
} from '../power/nvidia-smi';

export type GpuInventory =
  | { readonly kind: 'gpus'; readonly gpus: readonly GpuInfo[]; readonly apps: readonly ComputeApp[] }
  | { readonly kind: 'none'; readonly failure: NvidiaSmiFailure };

interface ToolResult {
  readonly code: number | null;
  readonly output: string;
  readonly errno?: string;
}

export async function readGpuInventory(nvidiaSmi: string, env: NodeJS.ProcessEnv): Promise<GpuInventory> {
  const inventory = await runTool(nvidiaSmi, gpuQueryArgs(INVENTORY_FIELDS), env);
  if (inventory.code !== 0) return { kind: 'none', failure: classifyFailure(inventory.code, inventory.output, inventory.errno) };
  const apps = await runTool(nvidiaSmi, computeAppsArgs(), env);
  if (apps.code !== 0) return { kind: 'none', failure: classifyFailure(apps.code, apps.output, apps.errno) };
  return { kind: 'gpus', gpus: parseInventory(inventory.output), apps: parseComputeApps(apps.output) };
}

function runTool(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve({ code: 0, output: stdout });
      const e = error as NodeJS.ErrnoException & { code?: number | string };
      // execFile reports a failed start as a string code (ENOENT) and an exit status as a number.
      if (typeof e.code === 'string') return resolve({ code: null, output: String(stderr), errno: e.code });
      resolve({ code: typeof e.code === 'number' ? e.code : null, output: `${stdout}${stderr}` });
    });
  });
}
