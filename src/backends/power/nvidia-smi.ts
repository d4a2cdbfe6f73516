/**
 * The contract with nvidia-smi's CSV query interface, as pure functions over
 * its text (shared by the local and SSH backends, which only differ in how
 * they run the tool). What the real tool prints:
 *
 * - `--format=csv,noheader,nounits`: one line per GPU (or per process and
 *   GPU for `--query-compute-apps`), values separated by ", ", unquoted;
 *   nothing at all for compute apps when the GPUs are idle.
 * - A value the driver cannot read is `[N/A]`, `[Not Supported]` or
 *   `[Unknown Error]`; MIG-enabled GPUs read `[N/A]` for utilisation.
 * - Without `nounits`, numbers carry units ("69.74 W", "81559 MiB", "0 %").
 * - Exit codes: 0 fine, 2 bad field or arguments, 6 no GPUs found,
 *   9 no driver loaded, 12 NVML library missing, 127 (or ENOENT) not installed.
 * - Its GPU order can differ from CUDA's and it ignores CUDA_VISIBLE_DEVICES:
 *   GPUs are identified by UUID, never by position.
 */

export const INVENTORY_FIELDS = ['index', 'uuid', 'name', 'memory.used', 'memory.total'] as const;
export const POWER_FIELDS = ['uuid', 'power.draw', 'utilization.gpu', 'memory.used'] as const;
export const COMPUTE_APP_FIELDS = ['pid', 'gpu_uuid', 'used_memory'] as const;

export interface GpuInfo {
  readonly index: number;
  readonly uuid: string;
  readonly name: string;
  readonly memoryUsedMiB: number | null;
  readonly memoryTotalMiB: number | null;
}

export interface ComputeApp {
  readonly pid: number;
  readonly gpuUuid: string;
  readonly usedMiB: number | null;
}

export interface GpuPowerReading {
  readonly gpu: string;
  readonly watts: number | null;
  readonly util: number | null;
  readonly memMiB: number | null;
}

export type NvidiaSmiFailure =
  | { readonly kind: 'absent'; readonly message: string }
  | { readonly kind: 'no-driver'; readonly message: string }
  | { readonly kind: 'no-devices'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

/** Arguments for a query; `loopMs` makes nvidia-smi repeat it in one long-lived process. */
export function gpuQueryArgs(fields: readonly string[], loopMs?: number): string[] {
  return [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits', ...(loopMs !== undefined ? ['-lms', String(Math.max(1, Math.round(loopMs)))] : [])];
}

export function computeAppsArgs(): string[] {
  return [`--query-compute-apps=${COMPUTE_APP_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];
}

/** A number, or null for the driver's "cannot read" values. Units are tolerated. */
export function readNumber(raw: string): number | null {
  const v = raw.trim();
  if (v === '' || v.startsWith('[') || v === 'N/A') return null;
  const n = Number(/^-?[0-9.]+/.exec(v)?.[0]);
  return Number.isFinite(n) ? n : null;
}

/**
 * Splits CSV output into rows keyed by field. A header line (present when
 * `noheader` was left out) is recognised and skipped. Surplus separators
 * belong to the last field, so a free-text field (a name) goes last.
 */
export function parseRows(text: string, fields: readonly string[]): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const parts = line.split(', ');
    if (parts.length < fields.length) {
      throw new Error(`nvidia-smi printed "${line}" where ${fields.length} values (${fields.join(', ')}) were expected.`);
    }
    if (parts[0]?.split(' [')[0] === fields[0]) continue;
    const row: Record<string, string> = {};
    fields.forEach((f, i) => {
      row[f] = i === fields.length - 1 ? parts.slice(i).join(', ') : (parts[i] ?? '');
    });
    rows.push(row);
  }
  return rows;
}

export function parseInventory(text: string): GpuInfo[] {
  return parseRows(text, INVENTORY_FIELDS).map((r) => {
    const index = readNumber(r['index'] ?? '');
    const uuid = (r['uuid'] ?? '').trim();
    if (index === null || uuid === '') throw new Error(`nvidia-smi printed a GPU without index or UUID: ${JSON.stringify(r)}.`);
    return {
      index,
      uuid,
      name: (r['name'] ?? '').trim(),
      memoryUsedMiB: readNumber(r['memory.used'] ?? ''),
      memoryTotalMiB: readNumber(r['memory.total'] ?? ''),
    };
  });
}

export function parseComputeApps(text: string): ComputeApp[] {
  return parseRows(text, COMPUTE_APP_FIELDS).flatMap((r) => {
    const pid = readNumber(r['pid'] ?? '');
    const gpuUuid = (r['gpu_uuid'] ?? '').trim();
    // Inside containers the pid of another namespace reads [N/A]: the GPU is still in use.
    return gpuUuid === '' ? [] : [{ pid: pid ?? 0, gpuUuid, usedMiB: readNumber(r['used_memory'] ?? '') }];
  });
}

export function parsePower(text: string): GpuPowerReading[] {
  return parseRows(text, POWER_FIELDS).map((r) => ({
    gpu: (r['uuid'] ?? '').trim(),
    watts: readNumber(r['power.draw'] ?? ''),
    util: readNumber(r['utilization.gpu'] ?? ''),
    memMiB: readNumber(r['memory.used'] ?? ''),
  }));
}

/** What a failed run of nvidia-smi means for us. `errno` is set when it could not be started at all. */
export function classifyFailure(exitCode: number | null, output: string, errno?: string): NvidiaSmiFailure {
  const said = output.trim().split(/\r?\n/)[0] ?? '';
  if (errno === 'ENOENT' || exitCode === 127) return { kind: 'absent', message: 'nvidia-smi is not installed' };
  if (exitCode === 9 || exitCode === 12) return { kind: 'no-driver', message: said || 'nvidia-smi cannot reach the NVIDIA driver' };
  if (exitCode === 6 || /No devices were found/i.test(output)) return { kind: 'no-devices', message: said || 'no GPUs found' };
  return { kind: 'error', message: `nvidia-smi failed (exit ${exitCode ?? 'signal'}${errno ? `, ${errno}` : ''})${said ? `: ${said}` : ''}` };
}
