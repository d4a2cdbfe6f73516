/**
 * The Backend for this machine. Trials are detached processes (see
 * detached.ts) whose pid, exit status and log live in the run folder, so the
 * engine can die and come back: reconcile() finds them again from the files,
 * and poll() then delivers each found launch's output from its beginning and,
 * for those that ended while the engine was away, their exit.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Backend, BackendEvent, LaunchHandle, LaunchRecord, LaunchRequest, Logger, Reconciled, Slot } from '../../core/ports';
import { assertSafeName, trialDir } from '../../storage/run-folder';
import { processArguments, processState } from '../../storage/process-liveness';
import { isWrapperOf, signalGroup, startDetached } from './detached';
import { freeGpuSlots } from './gpu-slots';
import { readGpuInventory } from './gpu-inventory';
import { fileSize, launchFiles, readExitStatus, readMarker, readPid, readTail, removeMarker, writeMarker, type LaunchFiles, type LaunchMarker } from './launch-files';
import { LaunchLog } from './launch-log';
import { PowerSampler } from './power-sampler';
import { trialExitOf, type TrialExit } from '../shell/trial-wrapper';

export interface LocalBackendOptions {
  /** The run folder; trials live in its `trials/`. */
  readonly runDir: string;
  readonly logger: Logger;
  /** Trials at once. Default: one per free GPU group, or 1 on CPU slots. */
  readonly parallel?: number;
  readonly gpusPerTrial?: number;
  /** The study's `gpus:` (indices). */
  readonly gpus?: readonly number[];
  /** SIGTERM to SIGKILL. Default 10 s. */
  readonly stopGraceMs?: number;
  /** Environment of trials and of nvidia-smi (PATH finds it). Default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
  readonly nvidiaSmi?: string;
  /** Most log bytes read per launch per poll. Default 1 MiB. */
  readonly readCapBytes?: number;
  readonly tailBytes?: number;
  /** How often poll() looks when nothing wakes it. Default 200 ms. */
  readonly pollIntervalMs?: number;
  /** Sample GPU power this often (ms) once GPUs are found; no sampling when absent (nor without GPUs). */
  readonly powerIntervalMs?: number;
}

export const LOCAL_HOST = 'localhost';

/** nvidia-smi refreshes power.draw about once a second on current drivers: sampling faster only repeats it. */
export const DEFAULT_POWER_INTERVAL_MS = 1000;

type Exit = TrialExit;

interface Live {
  readonly marker: LaunchMarker;
  readonly files: LaunchFiles;
  readonly pid: number;
  readonly log: LaunchLog;
  readonly watcher?: fs.FSWatcher;
  stopping?: NodeJS.Timeout;
  killed?: boolean;
  exit?: Exit;
  /** Log size when the exit was seen: the launch's output ends there. */
  logEnd?: number;
}

/** What the files say about a launch that was started at some point. */
type Inspected =
  | { readonly state: 'running'; readonly pid: number }
  | { readonly state: 'exited'; readonly exit: Exit }
  | { readonly state: 'never-ran' };

export class LocalBackend implements Backend {
  private readonly live = new Map<string, Live>();
  /** Launches whose exit this instance has reported: a repeated launch() must not report it twice. */
  private readonly reported = new Set<string>();
  private readonly env: NodeJS.ProcessEnv;
  private readonly graceMs: number;
  private readonly capBytes: number;
  private readonly tailBytes: number;
  private readonly intervalMs: number;
  private cpuOnly: boolean | undefined;
  private sampler: PowerSampler | undefined;
  /** GPUs whose power is reported: the study's `gpus:`, or all. */
  private sampled: ReadonlySet<string> | undefined;
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: LocalBackendOptions) {
    this.env = options.env ?? process.env;
    this.graceMs = options.stopGraceMs ?? 10_000;
    this.capBytes = options.readCapBytes ?? 1024 * 1024;
    this.tailBytes = options.tailBytes ?? 8 * 1024;
    this.intervalMs = options.pollIntervalMs ?? 200;
    // gpus_per_trial: 0 asks for CPU trials, even on a machine with GPUs.
    if (options.gpusPerTrial === 0) this.cpuOnly = true;
  }

  trialDir(trial: string): string {
    return trialDir(this.options.runDir, trial);
  }

  async freeSlots(): Promise<readonly Slot[]> {
    const running = [...this.live.values()];
    const room = this.options.parallel === undefined ? Infinity : Math.max(0, this.options.parallel - running.length);
    if (this.cpuOnly !== true) {
      const slots = await this.freeGpuSlots(running);
      if (slots) return slots.slice(0, room);
    }
    const taken = new Set(running.map((l) => l.marker.slot));
    const slots: Slot[] = [];
    for (let i = 0; i < (this.options.parallel ?? 1); i++) {
      if (!taken.has(`cpu${i}`)) slots.push({ id: `cpu${i}`, host: LOCAL_HOST, gpus: [] });
    }
    return slots.slice(0, room);
  }

  async launch(request: LaunchRequest): Promise<LaunchHandle> {
    this.assertOpen();
    const known = this.live.get(request.launch);
    if (known) return this.handleOf(known.marker, known.pid);
    const files = launchFiles(this.options.runDir, request.trial, request.launch);
    const cwd = expandHome(request.workdir ?? process.cwd());
    if (!isDirectory(cwd)) {
      throw new Error(`The workdir ${request.workdir ?? cwd} does not exist on this machine: create it, or fix \`workdir:\` in the study.`);
    }
    if (request.fromResource > 0 && !isDirectory(files.dir)) {
      throw new Error(`its trial folder trials/${request.trial} is gone (deleted?), and with it what it reached at ${request.fromResource}; it cannot continue`);
    }
    fs.mkdirSync(files.dir, { recursive: true });
    const marker: LaunchMarker = {
      trial: request.trial, launch: request.launch, slot: request.slot.id, host: LOCAL_HOST, gpus: request.slot.gpus,
      logStart: fileSize(files.log), startedAt: Date.now(),
    };
    if (!writeMarker(files, marker)) return this.adoptStarted(files, request.launch);
    try {
      if (request.configFile) {
        assertSafeName('config file name', request.configFile.name);
        fs.writeFileSync(path.join(files.dir, request.configFile.name), request.configFile.text);
      }
      const env: NodeJS.ProcessEnv = { ...this.env, ...request.env };
      if (request.slot.gpus.length > 0) env['CUDA_VISIBLE_DEVICES'] = request.slot.gpus.join(',');
      const pid = await startDetached({ command: request.command, files, cwd, env });
      this.follow(marker, files, pid);
      return this.handleOf(marker, pid);
    } catch (e) {
      // Nothing started: the id may be launched again.
      removeMarker(files);
      throw e;
    }
  }

  async poll(waitMs: number): Promise<readonly BackendEvent[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const events = this.collect();
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
    signalGroup(l.pid, 'SIGTERM');
    l.stopping = setTimeout(() => {
      if (l.exit || processState(l.pid) !== 'alive' || !isWrapperOf(l.pid, l.files)) return;
      l.killed = true;
      signalGroup(l.pid, 'SIGKILL');
      this.wake?.();
    }, this.graceMs);
    l.stopping.unref();
  }

  async reconcile(launches: readonly LaunchRecord[]): Promise<readonly Reconciled[]> {
    this.assertOpen();
    return launches.map((record) => this.reconcileOne(record));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.sampler?.close();
    for (const l of this.live.values()) {
      if (l.stopping) clearTimeout(l.stopping);
      l.watcher?.close();
    }
    this.live.clear();
    this.wake?.();
  }

  private reconcileOne(record: LaunchRecord): Reconciled {
    const known = this.live.get(record.launch);
    if (known) return { launch: record.launch, status: 'running', handle: this.handleOf(known.marker, known.pid) };
    const files = launchFiles(this.options.runDir, record.trial, record.launch);
    // A started launch always has its marker: without it the folder was deleted (the trial itself may have made it again).
    if (!isDirectory(files.dir) || (record.handle !== undefined && !fs.existsSync(files.marker))) {
      this.killOrphan(record, files);
      return { launch: record.launch, status: 'missing', reason: `its trial folder trials/${record.trial} is gone (deleted?)` };
    }
    const marker = readMarker(files);
    if (!marker) {
      return { launch: record.launch, status: 'missing', reason: 'it never started: the engine stopped between deciding to launch it and starting it' };
    }
    const seen = this.inspect(files);
    switch (seen.state) {
      case 'running':
        this.follow(marker, files, seen.pid);
        return { launch: record.launch, status: 'running', handle: this.handleOf(marker, seen.pid) };
      case 'exited':
        // Its output since the last journalled metric and its exit still reach the tuner through poll(), like a live one's.
        this.follow(marker, files, readPid(files) ?? 0);
        return { launch: record.launch, status: 'exited', exitCode: seen.exit.exitCode, tail: readTail(files.log, marker.logStart, fileSize(files.log), this.tailBytes) };
      case 'never-ran':
        return { launch: record.launch, status: 'missing', reason: 'it was being started when the engine stopped, and never ran' };
    }
  }

  /** A launch whose files are gone cannot be followed: stop its process rather than leave it running unseen. */
  private killOrphan(record: LaunchRecord, files: LaunchFiles): void {
    const pid = Number(/^pid:(\d+)$/.exec(record.handle?.handle ?? '')?.[1]);
    if (!(pid > 0) || processState(pid) !== 'alive' || !processArguments(pid)?.includes(files.exit)) return;
    this.options.logger.warn(`${record.trial}: its trial folder is gone; killing its process group ${pid}`);
    signalGroup(pid, 'SIGKILL');
  }

  /** A second launch() of an id started earlier (by us or a previous engine): follow it, never start it again. */
  private adoptStarted(files: LaunchFiles, launch: string): LaunchHandle {
    const marker = readMarker(files);
    const pid = readPid(files);
    if (!marker || pid === undefined) {
      throw new Error(`Launch ${launch} was started before but never ran; launch it again under a new id.`);
    }
    if (!this.reported.has(launch)) this.follow(marker, files, pid);
    return this.handleOf(marker, pid);
  }

  /** `knownPid` is the pid this engine started or adopted: it holds even if someone deletes the pid file. */
  private inspect(files: LaunchFiles, knownPid?: number): Inspected {
    const status = readExitStatus(files);
    if (status !== undefined) return { state: 'exited', exit: exitOf(status) };
    const pid = knownPid ?? readPid(files);
    if (pid === undefined) return { state: 'never-ran' };
    if (processState(pid) === 'alive' && isWrapperOf(pid, files)) return { state: 'running', pid };
    // The wrapper may have recorded its status between the two looks.
    const late = readExitStatus(files);
    if (late !== undefined) return { state: 'exited', exit: exitOf(late) };
    return { state: 'exited', exit: { exitCode: null, reason: 'killed from outside (no exit code)' } };
  }

  private follow(marker: LaunchMarker, files: LaunchFiles, pid: number): void {
    // Two launch() calls for one id at once both get here; the second must not follow it twice.
    if (this.live.has(marker.launch)) return;
    let watcher: fs.FSWatcher | undefined;
    try {
      // The exit file's rename and new output wake poll() at once instead of at its next look.
      watcher = fs.watch(files.dir, () => this.wake?.());
      watcher.on('error', () => watcher?.close());
      watcher.unref();
    } catch {
      watcher = undefined;
    }
    this.live.set(marker.launch, { marker, files, pid, log: new LaunchLog(files.log, marker.logStart, this.capBytes), ...(watcher ? { watcher } : {}) });
  }

  private collect(): BackendEvent[] {
    const events: BackendEvent[] = [];
    const samples = this.sampler?.take().filter((p) => this.sampled?.has(p.gpu) !== false) ?? [];
    if (samples.length > 0) events.push({ type: 'power', host: LOCAL_HOST, samples });
    for (const [launch, l] of this.live) {
      if (!l.exit) this.detectExit(l);
      const text = l.log.read(l.logEnd, l.exit !== undefined);
      if (text !== '') events.push({ type: 'output', launch, text });
      if (l.exit && l.log.position >= (l.logEnd ?? 0)) {
        const tail = readTail(l.files.log, l.marker.logStart, l.logEnd ?? 0, this.tailBytes);
        events.push({ type: 'exit', launch, exitCode: l.exit.exitCode, tail, ...(l.exit.signal ? { signal: l.exit.signal } : {}), ...(l.exit.reason ? { reason: l.exit.reason } : {}) });
        if (l.stopping) clearTimeout(l.stopping);
        l.watcher?.close();
        this.live.delete(launch);
        this.reported.add(launch);
      }
    }
    return events;
  }

  private detectExit(l: Live): void {
    const seen = this.inspect(l.files, l.pid);
    if (seen.state !== 'exited') return;
    l.exit = l.killed && seen.exit.exitCode === null
      ? { exitCode: null, signal: 'SIGKILL', reason: `stopped: still running ${Math.round(this.graceMs / 1000)} s after SIGTERM, so it was killed` }
      : seen.exit;
    l.logEnd = fileSize(l.files.log);
  }

  private async freeGpuSlots(running: readonly Live[]): Promise<Slot[] | undefined> {
    const inventory = await readGpuInventory(this.options.nvidiaSmi ?? 'nvidia-smi', this.env).catch((e: unknown) => ({ kind: 'error' as const, message: (e as Error).message }));
    if (inventory.kind === 'error') {
      this.options.logger.warn(`Could not read the GPUs: ${clause(inventory.message)}. No trial starts until nvidia-smi answers.`);
      return [];
    }
    if (inventory.kind === 'none') {
      // An unexplained failure on a GPU machine must not quietly turn it into a CPU machine.
      if (inventory.failure.kind === 'error' || this.cpuOnly === false) {
        this.options.logger.warn(`${clause(inventory.failure.message)}. No trial starts until nvidia-smi answers.`);
        return [];
      }
      this.cpuOnly = true;
      const say = inventory.failure.kind === 'no-driver' ? this.options.logger.warn : this.options.logger.info;
      say.call(this.options.logger, `${clause(inventory.failure.message)}: running trials on ${this.options.parallel ?? 1} CPU slot(s) (set \`parallel:\` for more).`);
      return undefined;
    }
    if (this.cpuOnly === undefined) {
      this.cpuOnly = false;
      const missing = (this.options.gpus ?? []).filter((i) => !inventory.gpus.some((g) => g.index === i));
      if (missing.length > 0) this.options.logger.warn(`The study asks for GPU(s) ${missing.join(', ')}, which this machine does not have (it has ${inventory.gpus.map((g) => g.index).join(', ') || 'none'}).`);
      const allowed = this.options.gpus;
      this.sampled = new Set(inventory.gpus.filter((g) => allowed === undefined || allowed.includes(g.index)).map((g) => g.uuid));
      if (this.options.powerIntervalMs !== undefined && !this.closed) {
        this.sampler = new PowerSampler(this.options.nvidiaSmi ?? 'nvidia-smi', this.options.powerIntervalMs, this.env, this.options.logger, () => this.wake?.());
      }
    }
    const ours = new Set(running.flatMap((l) => l.marker.gpus));
    return freeGpuSlots(inventory.gpus, inventory.apps, ours, {
      host: LOCAL_HOST, gpusPerTrial: this.options.gpusPerTrial ?? 1, ...(this.options.gpus ? { allowed: this.options.gpus } : {}),
    });
  }

  private handleOf(marker: LaunchMarker, pid: number): LaunchHandle {
    return { host: marker.host, gpus: marker.gpus, handle: `pid:${pid}` };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('This backend is closed.');
  }
}

function exitOf(status: number | null): Exit {
  return trialExitOf(status, os.constants.signals);
}

/** A message without its final full stop, to be continued. */
function clause(message: string): string {
  return message.replace(/[.\s]+$/, '');
}

function expandHome(p: string): string {
  if (p === '~') return os.homedir();
  return p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
