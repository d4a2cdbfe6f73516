/**
 * The Backend for GPU boxes reached through a HostShell (SSH in use, this
 * machine's shell in tests). Each trial runs detached on its host under the
 * shared wrapper, with its log, marker, pid and exit files in
 * `<workdir>/.rung/<run-id>/<trial>/` there; the engine follows all launches
 * of a host with one command per poll round, copies the new log bytes into
 * the local run folder, and can die and come back: reconcile() finds the
 * launches again from their handles (or, without one, their markers).
 */
import * as os from 'node:os';
import type { Backend, BackendEvent, LaunchHandle, LaunchRecord, LaunchRequest, Logger, Reconciled, Slot } from '../../core/ports';
import type { SyncSpec } from '../../core/space/model';
import { shellQuote } from '../../core/space/shell';
import { assertSafeName } from '../../storage/run-folder';
import { readTail } from '../local/launch-files';
import { LogText } from '../shell/log-text';
import { trialExitOf, type TrialExit } from '../shell/trial-wrapper';
import { syncProject } from './code-sync';
import { HostPower } from './host-power';
import { claimScript, FOLDER_GONE, parseMarker, remoteLaunchFiles, signalScript, startScript, type RemoteLaunchFiles } from './launch-script';
import { mirrorPath, mirrorSize, writeMirror } from './log-mirror';
import { parseProbe, probeScript, type ProbeResult } from './probe-script';
import { handleOf, type FoundLaunch, type RemoteLive } from './remote-live';
import { RemoteHost, type RemoteHostOptions } from './remote-host';
import { reconcileOnHosts } from './remote-reconcile';

export interface RemoteBackendOptions {
  /** The local run folder: logs are mirrored into its `trials/`. */
  readonly runDir: string;
  /** Names the remote `.rung/<run-id>/` folder. */
  readonly runId: string;
  readonly logger: Logger;
  /** The backend owns their shells: close() closes them. */
  readonly hosts: readonly RemoteHostOptions[];
  /** The study's workdir on every host that does not name its own. Default: the login directory. */
  readonly workdir?: string;
  readonly gpusPerTrial?: number;
  /** Trials at once over all hosts; also the CPU slots per host when gpus_per_trial is 0 (default 1). */
  readonly parallel?: number;
  /** SIGTERM to SIGKILL. Default 10 s. */
  readonly stopGraceMs?: number;
  readonly nvidiaSmi?: string;
  /** Most log bytes fetched per launch per poll round. Default 256 KiB. */
  readonly readCapBytes?: number;
  readonly tailBytes?: number;
  /** How often poll() looks when nothing wakes it. Default 500 ms. */
  readonly pollIntervalMs?: number;
  /** Sample GPU power this often (ms) once a host's GPUs are found; no sampling when absent. */
  readonly powerIntervalMs?: number;
  /** How long a poll round waits for slow hosts before returning what the others said. Default 2 s. */
  readonly roundWaitMs?: number;
  /** How long a host's GPU inventory is trusted. Default 10 s. */
  readonly inventoryTtlMs?: number;
  /** Per host command. Default 60 s. */
  readonly execTimeoutMs?: number;
  /** Uploads the project folder `from` (a local path) into each host's workdir before its first trial there. */
  readonly sync?: { readonly spec: SyncSpec; readonly from: string };
}

export class RemoteBackend implements Backend {
  private readonly hosts: RemoteHost[];
  private readonly live = new Map<string, RemoteLive>();
  private readonly starting = new Map<string, Promise<LaunchHandle>>();
  /** Launches whose exit this instance has reported: a repeated launch() must not report it twice. */
  private readonly reported = new Set<string>();
  /** The host each trial last ran on: a promotion there continues in its folder. */
  private readonly trialHost = new Map<string, string>();
  private readonly synced = new Map<string, Promise<void>>();
  private readonly power = new Map<string, HostPower>();
  /** Each host's poll command in flight (at most one), and what finished ones found. */
  private readonly probing = new Map<RemoteHost, Promise<void>>();
  private readonly probed: BackendEvent[] = [];
  private readonly roundWaitMs: number;
  private readonly graceMs: number;
  private readonly capBytes: number;
  private readonly tailBytes: number;
  private readonly intervalMs: number;
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: RemoteBackendOptions) {
    if (options.hosts.length === 0) throw new Error('A remote backend needs at least one host; list them under `hosts:`.');
    this.graceMs = options.stopGraceMs ?? 10_000;
    this.capBytes = options.readCapBytes ?? 256 * 1024;
    this.tailBytes = options.tailBytes ?? 8 * 1024;
    this.intervalMs = options.pollIntervalMs ?? 500;
    this.roundWaitMs = options.roundWaitMs ?? 2000;
    assertSafeName('run id', options.runId);
    const settings = {
      workdir: options.workdir ?? '~', nvidiaSmi: options.nvidiaSmi ?? 'nvidia-smi', gpusPerTrial: options.gpusPerTrial ?? 1,
      cpuSlots: options.parallel ?? 1, inventoryTtlMs: options.inventoryTtlMs ?? 10_000, execTimeoutMs: options.execTimeoutMs ?? 60_000,
      logger: options.logger,
    };
    this.hosts = options.hosts.map((h) => new RemoteHost(h, settings));
    const names = this.hosts.map((h) => h.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) throw new Error(`The host ${twice} is listed twice under \`hosts:\`; list each once.`);
  }

  /**
   * Relative to the trial's working directory (the host's workdir), where
   * every trial starts: hosts may keep their workdir in different places.
   */
  trialDir(trial: string): string {
    assertSafeName('trial id', trial);
    return `.rung/${this.options.runId}/${trial}`;
  }

  async freeSlots(): Promise<readonly Slot[]> {
    const running = [...this.live.values()].filter((l) => !l.exit);
    const room = this.options.parallel === undefined ? Infinity : Math.max(0, this.options.parallel - running.length);
    if (room === 0) return [];
    const perHost = await Promise.all(this.hosts.map(async (host) => {
      const mine = running.filter((l) => l.host === host);
      const slots = await host.freeSlots(new Set(mine.flatMap((l) => l.gpus)), mine.length);
      this.startPower(host);
      return slots;
    }));
    // Hosts take turns, so a short study spreads over them rather than filling the first.
    const slots: Slot[] = [];
    for (let i = 0; perHost.some((s) => s.length > i); i++) for (const s of perHost) if (s[i]) slots.push(s[i] as Slot);
    return slots.slice(0, room);
  }

  launch(request: LaunchRequest): Promise<LaunchHandle> {
    this.assertOpen();
    const known = this.live.get(request.launch);
    if (known) return Promise.resolve(handleOf(known));
    const started = this.starting.get(request.launch);
    if (started) return started;
    const start = this.start(request).finally(() => this.starting.delete(request.launch));
    this.starting.set(request.launch, start);
    return start;
  }

  async poll(waitMs: number): Promise<readonly BackendEvent[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const events = await this.collect();
      const left = deadline - Date.now();
      if (events.length > 0 || left <= 0 || this.closed) return events;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, this.intervalMs));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = undefined;
    }
  }

  async stop(launch: string): Promise<void> {
    const l = this.live.get(launch);
    if (!l || l.exit || l.stopping) return;
    l.stopping = setTimeout(() => {
      l.killed = true;
      l.host.exec(signalScript(l.pid, l.files, 'KILL')).catch((e: Error) => this.options.logger.warn(`${launch}: could not kill it: ${e.message}`)).finally(() => this.wake?.());
    }, this.graceMs);
    l.stopping.unref();
    await l.host.exec(signalScript(l.pid, l.files, 'TERM')).catch((e: Error) => this.options.logger.warn(`${launch}: could not stop it yet: ${e.message}`));
  }

  async reconcile(launches: readonly LaunchRecord[]): Promise<readonly Reconciled[]> {
    this.assertOpen();
    return reconcileOnHosts(launches, {
      hosts: this.hosts, runId: this.options.runId, tailBytes: this.tailBytes,
      known: (launch) => { const l = this.live.get(launch); return l ? handleOf(l) : undefined; },
      follow: (found) => this.follow(found),
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.power.values()) p.close();
    for (const l of this.live.values()) if (l.stopping) clearTimeout(l.stopping);
    this.live.clear();
    this.wake?.();
    await Promise.all(this.hosts.map((h) => h.shell.close().catch(() => undefined)));
  }

  private async start(request: LaunchRequest): Promise<LaunchHandle> {
    assertSafeName('launch id', request.launch);
    const host = this.hosts.find((h) => h.name === request.slot.host);
    if (!host) throw new Error(`The slot ${request.slot.id} is on ${request.slot.host}, which is not among this study's hosts.`);
    if (host.downReason !== undefined && !host.askable()) throw new Error(`${host.name} is unreachable (${host.downReason}).`);
    const root = await host.root();
    await this.sync(host, root);
    const files = remoteLaunchFiles(`${root}/${this.trialDir(request.trial)}`, request.launch);
    const mirror = mirrorPath(this.options.runDir, request.trial);
    const mirrorStart = mirrorSize(mirror);
    const before = this.trialHost.get(request.trial);
    if (request.fromResource > 0 && before !== undefined && before !== host.name) {
      this.options.logger.warn(`${request.trial} continues on ${host.name}; what it wrote in its trial folder on ${before} stays there.`);
    }
    const mustExist = request.fromResource > 0 && before === host.name;
    const claim = await host.exec(claimScript(files, { mirrorStart, slot: request.slot.id, gpus: request.slot.gpus }, mustExist));
    if (claim.code === FOLDER_GONE) {
      throw new Error(`its trial folder ${files.dir} on ${host.name} is gone (deleted?), and with it what it reached at ${request.fromResource}; it cannot continue`);
    }
    if (claim.code !== 0) throw new Error(`could not write its trial folder ${files.dir} on ${host.name}${said(claim.stderr)}; is the disk full or the folder read-only?`);
    if (claim.stdout.trim() === 'exists') return this.adopt(host, files, request.launch, request.trial);
    const logStart = Number(/^claimed (\d+)/.exec(claim.stdout.trim())?.[1] ?? 0);
    let pid: number;
    try {
      if (request.configFile) {
        assertSafeName('config file name', request.configFile.name);
        await host.shell.writeFile(`${files.dir}/${request.configFile.name}`, request.configFile.text).catch((e: Error) => {
          throw new Error(`could not upload its config to ${files.dir} on ${host.name}: ${e.message}`);
        });
      }
      const env = { ...request.env, ...(request.slot.gpus.length > 0 ? { CUDA_VISIBLE_DEVICES: request.slot.gpus.join(',') } : {}) };
      const started = await host.exec(startScript({ files, cwd: root, command: request.command, env }));
      pid = Number(started.stdout.trim());
      if (started.code !== 0 || !(pid > 0)) throw new Error(`could not start it on ${host.name}${said(started.stderr)}; is the disk of ${files.dir} full?`);
    } catch (e) {
      // Nothing runs: the id may be launched again.
      await host.exec(`rm -f ${shellQuote(files.marker)}`).catch(() => undefined);
      throw e;
    }
    return handleOf(this.follow({ launch: request.launch, trial: request.trial, host, files, pid, gpus: request.slot.gpus, logStart, mirrorStart }));
  }

  /** A second launch() of an id started earlier (by a previous engine): follow it, never start it again. */
  private async adopt(host: RemoteHost, files: RemoteLaunchFiles, launch: string, trial: string): Promise<LaunchHandle> {
    const out = await host.exec(probeScript([{ launch, dir: files.dir, capBytes: 0 }]));
    const seen = parseProbe(out.stdout).get(launch);
    const marker = seen?.marker === undefined ? undefined : parseMarker(seen.marker);
    if (!seen?.pid || !marker) throw new Error(`Launch ${launch} was started before but never ran; launch it again under a new id.`);
    const found = { launch, trial, host, files, pid: seen.pid, gpus: marker.gpus, logStart: marker.logStart, mirrorStart: marker.mirrorStart };
    if (this.reported.has(launch)) return handleOf(found);
    return handleOf(this.follow(found));
  }

  private follow(found: FoundLaunch): RemoteLive {
    const known = this.live.get(found.launch);
    if (known) return known;
    const l: RemoteLive = { ...found, offset: found.logStart, text: new LogText(this.capBytes) };
    this.live.set(found.launch, l);
    this.trialHost.set(found.trial, found.host.name);
    return l;
  }

  private async sync(host: RemoteHost, root: string): Promise<void> {
    const sync = this.options.sync;
    if (!sync) return;
    let done = this.synced.get(host.name);
    if (!done) {
      done = syncProject(host.shell, root, sync.from, sync.spec).then((r) => {
        this.options.logger.info(`${host.name}: sync uploaded ${r.uploaded} file(s) (${r.bytes} bytes), ${r.skipped} unchanged.`);
      });
      this.synced.set(host.name, done);
      // A failed sync is tried again by the next launch there.
      done.catch(() => this.synced.delete(host.name));
    }
    await done;
  }

  private startPower(host: RemoteHost): void {
    const interval = this.options.powerIntervalMs;
    const d = host.discovery;
    if (interval === undefined || this.closed || this.power.has(host.name) || d?.kind !== 'ready' || d.gpus.kind !== 'gpus') return;
    const allowed = host.allowedGpus;
    const wanted = new Set(d.gpus.gpus.filter((g) => allowed === undefined || allowed.includes(g.index)).map((g) => g.uuid));
    this.power.set(host.name, new HostPower(host.shell, this.options.nvidiaSmi ?? 'nvidia-smi', interval, (g) => wanted.has(g), this.options.logger, () => this.wake?.()));
  }

  private async collect(): Promise<BackendEvent[]> {
    const events: BackendEvent[] = [];
    for (const [host, p] of this.power) {
      const samples = p.take();
      if (samples.length > 0) events.push({ type: 'power', host, samples });
    }
    for (const host of this.hosts) {
      if (this.probing.has(host)) continue;
      const round = this.probeHost(host).then((got) => {
        if (this.closed || got.length === 0) return;
        this.probed.push(...got);
        this.wake?.();
      }).finally(() => this.probing.delete(host));
      this.probing.set(host, round);
    }
    // A host slow to answer must not hold up the others: what it says arrives with a later poll.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.probing.values()),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.roundWaitMs))),
    ]);
    clearTimeout(timer);
    events.push(...this.probed.splice(0));
    return events;
  }

  /** One command for all of a host's launches; a host that does not answer keeps them for its next look. */
  private async probeHost(host: RemoteHost): Promise<BackendEvent[]> {
    const lives = [...this.live.values()].filter((l) => l.host === host);
    if (lives.length === 0 || !host.askable()) return [];
    let results: Map<string, ProbeResult>;
    try {
      const out = await host.exec(probeScript(lives.map((l) => ({ launch: l.launch, dir: l.files.dir, offset: l.offset, capBytes: this.capBytes }))));
      results = parseProbe(out.stdout);
    } catch {
      return [];
    }
    const events: BackendEvent[] = [];
    for (const l of lives) {
      const seen = results.get(l.launch);
      if (!seen || this.live.get(l.launch) !== l) continue;
      writeMirror(mirrorPath(this.options.runDir, l.trial), l.mirrorStart + (l.offset - l.logStart), seen.bytes);
      l.offset += seen.bytes.length;
      l.exit ??= this.exitOf(l, seen);
      // The exit file is read before the log: a read short of the cap after it has reached the end.
      const done = l.exit !== undefined && seen.bytes.length < this.capBytes;
      const text = l.text.push(seen.bytes, done);
      if (text !== '') events.push({ type: 'output', launch: l.launch, text });
      if (l.exit && done) {
        const mirror = mirrorPath(this.options.runDir, l.trial);
        const tail = readTail(mirror, l.mirrorStart, l.mirrorStart + (l.offset - l.logStart), this.tailBytes);
        events.push({ type: 'exit', launch: l.launch, exitCode: l.exit.exitCode, tail, ...(l.exit.signal ? { signal: l.exit.signal } : {}), ...(l.exit.reason ? { reason: l.exit.reason } : {}) });
        if (l.stopping) clearTimeout(l.stopping);
        l.host.release(l.gpus);
        this.live.delete(l.launch);
        this.reported.add(l.launch);
      }
    }
    return events;
  }

  private exitOf(l: RemoteLive, seen: ProbeResult): TrialExit | undefined {
    if (seen.exitStatus !== undefined) return trialExitOf(seen.exitStatus, os.constants.signals);
    if (seen.state === 'alive') return undefined;
    // While a process execs (setsid, nohup, then the wrapper) its cmdline can read empty: a stranger must be seen twice.
    if (seen.state === 'stranger' && !l.strangerSeen) {
      l.strangerSeen = true;
      return undefined;
    }
    if (l.killed) return { exitCode: null, signal: 'SIGKILL', reason: `stopped: still running ${Math.round(this.graceMs / 1000)} s after SIGTERM, so it was killed` };
    return { exitCode: null, reason: `its process on ${l.host.name} ended without recording an exit status (killed from outside, the host restarted, or its trial folder could not be written)` };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('This backend is closed.');
  }
}

function said(stderr: string): string {
  const first = stderr.trim().split('\n').pop();
  return first ? ` (${first})` : '';
}
