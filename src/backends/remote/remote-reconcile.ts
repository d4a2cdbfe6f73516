/**
 * After an engine restart: where each journalled launch stands on its host,
 * asked with one command per host. A launch with a handle is looked for on
 * the host and in the folder the handle names; one without (the engine died
 * between journalling the intent and the launch) is looked for by its
 * marker on every host. A host that does not answer cannot say its launches
 * are gone: they are kept as running and looked at again when it answers.
 */
import type { LaunchHandle, LaunchRecord, Reconciled } from '../../core/ports';
import { parseMarker, remoteLaunchFiles, type RemoteLaunchFiles } from './launch-script';
import { parseProbe, probeScript, type ProbeResult } from './probe-script';
import { decodeHandle } from './remote-handle';
import type { RemoteHost } from './remote-host';
import { handleOf, type FoundLaunch, type RemoteLive } from './remote-live';

export interface ReconcileContext {
  readonly hosts: readonly RemoteHost[];
  readonly runId: string;
  readonly tailBytes: number;
  /** The handle of a launch this backend already follows. */
  known(launch: string): LaunchHandle | undefined;
  /** Follows a found launch from its start, returning what poll() will deliver from. */
  follow(found: FoundLaunch): RemoteLive;
}

interface Look {
  readonly record: LaunchRecord;
  readonly host: RemoteHost;
  readonly files: RemoteLaunchFiles;
}

/** A host's answers, or undefined when it did not answer. */
type Answers = Map<string, ProbeResult> | undefined;

export async function reconcileOnHosts(records: readonly LaunchRecord[], ctx: ReconcileContext): Promise<Reconciled[]> {
  const looks = new Map<LaunchRecord, Look[]>();
  const early = new Map<LaunchRecord, Reconciled>();
  for (const record of records) {
    const handle = ctx.known(record.launch);
    if (handle) early.set(record, { launch: record.launch, status: 'running', handle });
    else if (record.handle) {
      const h = decodeHandle(record.handle.handle);
      const host = ctx.hosts.find((x) => x.name === record.handle?.host);
      if (!h || !host) early.set(record, { launch: record.launch, status: 'missing', reason: `its host ${record.handle.host} is no longer among the study's hosts` });
      else looks.set(record, [{ record, host, files: remoteLaunchFiles(h.dir, record.launch) }]);
    } else {
      const found: Look[] = [];
      for (const host of ctx.hosts) {
        const root = await host.root().catch(() => undefined);
        if (root !== undefined) found.push({ record, host, files: remoteLaunchFiles(`${root}/.rung/${ctx.runId}/${record.trial}`, record.launch) });
      }
      looks.set(record, found);
    }
  }
  const answers = new Map<RemoteHost, Answers>();
  await Promise.all(ctx.hosts.map(async (host) => {
    const mine = [...looks.values()].flat().filter((l) => l.host === host);
    if (mine.length === 0) return;
    const out = await host.exec(probeScript(mine.map((l) => ({ launch: l.record.launch, dir: l.files.dir, capBytes: 0 })))).catch(() => undefined);
    answers.set(host, out ? parseProbe(out.stdout) : undefined);
  }));
  const results: Reconciled[] = [];
  for (const record of records) {
    results.push(early.get(record) ?? (await judge(record, looks.get(record) ?? [], answers, ctx)));
  }
  return results;
}

async function judge(record: LaunchRecord, looks: readonly Look[], answers: Map<RemoteHost, Answers>, ctx: ReconcileContext): Promise<Reconciled> {
  const launch = record.launch;
  for (const look of looks) {
    const answer = answers.get(look.host);
    if (answer === undefined && record.handle) {
      const h = decodeHandle(record.handle.handle);
      if (h) {
        const l = ctx.follow({ launch, trial: record.trial, host: look.host, files: look.files, pid: h.pid, gpus: record.handle.gpus, logStart: h.logStart, mirrorStart: h.mirrorStart });
        return { launch, status: 'running', handle: handleOf(l) };
      }
    }
    const seen = answer?.get(launch);
    const marker = seen?.marker === undefined ? undefined : parseMarker(seen.marker);
    if (!seen || !marker) continue;
    if (seen.exitStatus === undefined && seen.pid === undefined) {
      return { launch, status: 'missing', reason: 'it was being started when the engine stopped, and never ran' };
    }
    const found = { launch, trial: record.trial, host: look.host, files: look.files, pid: seen.pid ?? 0, gpus: marker.gpus, logStart: marker.logStart, mirrorStart: marker.mirrorStart };
    if (seen.exitStatus !== undefined) {
      const tail = await remoteTail(look, marker.logStart, seen.logSize ?? 0, ctx.tailBytes);
      ctx.follow(found);
      return { launch, status: 'exited', exitCode: seen.exitStatus, tail };
    }
    if (seen.state === 'alive') return { launch, status: 'running', handle: handleOf(ctx.follow(found)) };
    return { launch, status: 'missing', reason: `its process on ${look.host.name} is gone without an exit status (killed from outside, the host restarted, or its trial folder could not be written)` };
  }
  if (record.handle) {
    return { launch, status: 'missing', reason: `its trial folder on ${record.handle.host} is gone (deleted?)` };
  }
  const silent = looks.length < ctx.hosts.length ? ' (some hosts did not answer)' : '';
  return { launch, status: 'missing', reason: `it never started: the engine stopped between deciding to launch it and starting it${silent}` };
}

async function remoteTail(look: Look, logStart: number, size: number, bytes: number): Promise<string> {
  const from = Math.max(logStart, size - bytes);
  const data = await look.host.shell.readFile(look.files.log, from, size - from).catch(() => undefined);
  if (!data) return '';
  let skip = 0;
  // Start on a whole character.
  while (skip < data.length && skip < 3 && ((data[skip] ?? 0) & 0xc0) === 0x80) skip++;
  return Buffer.from(data.subarray(skip)).toString('utf8');
}
