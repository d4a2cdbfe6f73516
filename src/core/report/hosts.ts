/**
 * The Hosts view as plain data: where a study's trials run (this machine, its
 * SSH hosts, its Slurm partition), the GPUs seen there in launches and power
 * samples, and which trial holds each GPU now.
 */
import type { PowerSample, RunEvent } from '../journal/events';
import { currentLaunch, type RunState } from '../journal/state';
import type { Study } from '../space/model';

export type HostKind = 'local' | 'ssh' | 'slurm';
export type Reachability = 'reachable' | 'unreachable' | 'unknown';

export interface GpuRow {
  readonly gpu: string;
  readonly sample?: PowerSample;
  /** The running trial launched on this GPU. */
  readonly trial?: string;
}

export interface HostRow {
  readonly name: string;
  readonly kind: HostKind;
  readonly reachability: Reachability;
  /** The last launch failure mentioning this host, when it came after the last success. */
  readonly problem?: string;
  readonly gpus: readonly GpuRow[];
}

/**
 * What the journal says about hosts beyond RunState: the latest full power
 * sample per GPU (RunState keeps only watts) and the last success and failure
 * per host. Fed every event, in order.
 */
export class HostActivity {
  readonly latest = new Map<string, { readonly host: string; readonly sample: PowerSample }>();
  readonly lastSeen = new Map<string, number>();
  readonly failures: { readonly at: number; readonly reason: string }[] = [];

  add(e: RunEvent): void {
    if (e.type === 'power') {
      for (const s of e.samples) this.latest.set(s.gpu, { host: e.host, sample: s });
      this.lastSeen.set(e.host, e.at);
    } else if (e.type === 'trial-launched') {
      this.lastSeen.set(e.host, e.at);
    } else if (e.type === 'launch-failed') {
      this.failures.push({ at: e.at, reason: e.reason });
      if (this.failures.length > 50) this.failures.shift();
    }
  }
}

/** The host names a study declares, with their kind; a study with neither hosts nor Slurm runs here. */
export function declaredHosts(study: Pick<Study, 'hosts' | 'slurm' | 'cluster'> | undefined, localName: string): { name: string; kind: HostKind }[] {
  if (!study) return [{ name: localName, kind: 'local' }];
  if (study.hosts.length > 0) return study.hosts.map((h) => ({ name: h.alias, kind: 'ssh' as const }));
  if (study.slurm) return [{ name: study.slurm.partition ? `slurm: ${study.slurm.partition}` : 'slurm', kind: 'slurm' }];
  if (study.cluster) return [{ name: 'cluster', kind: 'slurm' }];
  return [{ name: localName, kind: 'local' }];
}

export function hostRows(declared: readonly { name: string; kind: HostKind }[], state: RunState | undefined, activity: HostActivity | undefined): HostRow[] {
  const rows = new Map<string, { kind: HostKind; gpus: Map<string, { sample?: PowerSample; trial?: string }> }>();
  for (const d of declared) rows.set(d.name, { kind: d.kind, gpus: new Map() });
  const row = (host: string) => {
    let r = rows.get(host);
    if (!r) {
      // A host the journal names that the study does not (edited since, or the local backend's name).
      r = { kind: declared[0]?.kind ?? 'local', gpus: new Map() };
      rows.set(host, r);
    }
    return r;
  };
  if (state) {
    for (const t of state.trials.values()) {
      const l = currentLaunch(t);
      if (!l?.host) continue;
      const r = row(l.host);
      for (const gpu of l.gpus) {
        const g = r.gpus.get(gpu) ?? {};
        if (t.state === 'running') g.trial = t.id;
        r.gpus.set(gpu, g);
      }
    }
  }
  for (const [gpu, { host, sample }] of activity?.latest ?? []) {
    const r = row(host);
    r.gpus.set(gpu, { ...r.gpus.get(gpu), sample });
  }
  return [...rows].map(([name, r]): HostRow => {
    const seen = activity?.lastSeen.get(name);
    const failure = activity?.failures.filter((f) => f.reason.includes(name)).pop();
    const failedLast = failure !== undefined && (seen === undefined || failure.at > seen);
    const reachability: Reachability = failedLast ? 'unreachable' : seen !== undefined ? 'reachable' : 'unknown';
    return {
      name, kind: r.kind, reachability, ...(failedLast ? { problem: failure.reason } : {}),
      gpus: [...r.gpus].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
        .map(([gpu, g]) => ({ gpu, ...(g.sample ? { sample: g.sample } : {}), ...(g.trial ? { trial: g.trial } : {}) })),
    };
  });
}

/** "87% · 243 W · 10,240 MiB · t0007" */
export function gpuDescription(g: GpuRow): string {
  const parts: string[] = [];
  const s = g.sample;
  if (s?.util !== null && s?.util !== undefined) parts.push(`${Math.round(s.util)}%`);
  if (s?.watts !== null && s?.watts !== undefined) parts.push(`${Math.round(s.watts)} W`);
  if (s?.memMiB !== null && s?.memMiB !== undefined) parts.push(`${Math.round(s.memMiB)} MiB`);
  if (g.trial) parts.push(g.trial);
  return parts.length > 0 ? parts.join(' · ') : 'idle';
}
