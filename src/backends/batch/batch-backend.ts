/**
 * The Backend for clusters with a batch scheduler: each launch is one job,
 * submitted with its own script (job-script.ts) into the trial folder on the
 * cluster's shared file system. Everything on the cluster side goes through
 * a HostShell, so the same code drives a local sbatch and a login node.
 *
 * The scheduler is asked about all jobs of the run in one call per poll; its
 * answer decides whether a job still waits, runs or has ended, and the
 * job's exit file (written by its script) says how the command ended. A job
 * the scheduler no longer knows is resolved from its exit file, or reported
 * gone; silence is never an ending. `parallel` bounds jobs queued and
 * running alike, so a waiting job holds its slot.
 */
import * as path from 'node:path';
import type { Backend, BackendEvent, LaunchHandle, LaunchRecord, LaunchRequest, Logger, Reconciled, Slot } from '../../core/ports';
import { assertSafeName } from '../../storage/run-folder';
import type { HostShell } from '../shell/host-shell';
import { shellQuote } from '../../core/space/shell';
import type { JobScheduler, JobState } from './job-scheduler';
import { encodeHandle, jobFiles, jobOfHandle, parseMarker, type JobFiles, type JobMarker } from './job-files';
import { jobEnding, type Ending } from './job-ending';
import { jobScript } from './job-script';
import { logMirror } from './log-mirror';
import { PowerFile } from './power-file';
import { RemoteLog } from './remote-log';

export interface BatchBackendOptions {
  readonly runId: string;
  /** The run folder on this machine. */
  readonly runDir: string;
  /** The run folder as the cluster sees it (its shared file system); default: `runDir`. Logs are mirrored into `runDir` when they differ. */
  readonly clusterRunDir?: string;
  /** Where jobs run, as the cluster sees it (a login node's own resolution of the study's workdir); default: the request's. */
  readonly workdir?: string;
  readonly shell: HostShell;
  /** close() closes the shell too: the backend was given a shell of its own (an SSH connection to a login node). */
  readonly ownsShell?: boolean;
  readonly scheduler: JobScheduler;
  /** The scheduler's directive lines for one job. */
  readonly header: (job: { readonly jobName: string; readonly files: JobFiles }) => readonly string[];
  /** The script appends its output to the log itself, for schedulers whose header cannot say where it goes. */
  readonly scriptWritesLog?: boolean;
  readonly logger: Logger;
  /** Jobs queued and running at once. */
  readonly parallel: number;
  /** How often the scheduler is asked. Default 1 s. */
  readonly pollIntervalMs?: number;
  /** SIGTERM to SIGKILL. Default 10 s. */
  readonly stopGraceMs?: number;
  readonly readCapBytes?: number;
  readonly tailBytes?: number;
  /** Seconds between GPU power samples taken inside jobs (when their node has nvidia-smi). Default 10. */
  readonly powerIntervalS?: number;
}

interface Job {
  readonly marker: JobMarker & { readonly job: string };
  readonly files: JobFiles;
  readonly log: RemoteLog;
  readonly power: PowerFile;
  state?: JobState;
  /** Polls in a row the scheduler did not list the job. */
  unknownPolls: number;
  ending?: Ending;
  stopAskedAt?: number;
  killed?: boolean;
  stopTimer?: NodeJS.Timeout;
}

export class BatchBackend implements Backend {
  private readonly jobs = new Map<string, Job>();
  private readonly starting = new Map<string, Promise<LaunchHandle>>();
  /** Launches whose exit this instance has reported: a repeated launch() must not report it twice. */
  private readonly reported = new Set<string>();
  private readonly clusterRunDir: string;
  private readonly intervalMs: number;
  private readonly graceMs: number;
  private readonly capBytes: number;
  private readonly tailBytes: number;
  private lastAsked = 0;
  private schedulerDown: string | undefined;
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: BatchBackendOptions) {
    assertSafeName('run id', options.runId);
    this.clusterRunDir = options.clusterRunDir ?? options.runDir;
    this.intervalMs = options.pollIntervalMs ?? 1000;
    this.graceMs = options.stopGraceMs ?? 10_000;
    this.capBytes = options.readCapBytes ?? 1024 * 1024;
    this.tailBytes = options.tailBytes ?? 8 * 1024;
  }

  trialDir(trial: string): string {
    return jobFiles(this.clusterRunDir, trial, 'x').dir;
  }

  async freeSlots(): Promise<readonly Slot[]> {
    // Nothing is submitted while the scheduler does not answer: a controller restart must not fail trials.
    if (this.schedulerDown !== undefined) return [];
    const taken = new Set([...this.jobs.values()].map((j) => j.marker.slot));
    const slots: Slot[] = [];
    for (let i = 0; i < this.options.parallel && slots.length + taken.size < this.options.parallel; i++) {
      if (!taken.has(`job${i}`)) slots.push({ id: `job${i}`, host: this.options.scheduler.name, gpus: [] });
    }
    return slots;
  }

  async launch(request: LaunchRequest): Promise<LaunchHandle> {
    this.assertOpen();
    const known = this.jobs.get(request.launch);
    if (known) return this.handleOf(known);
    const inFlight = this.starting.get(request.launch);
    if (inFlight) return inFlight;
    const started = this.submit(request);
    this.starting.set(request.launch, started);
    try {
      return await started;
    } finally {
      this.starting.delete(request.launch);
    }
  }

  async poll(waitMs: number): Promise<readonly BackendEvent[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (Date.now() - this.lastAsked >= this.intervalMs) await this.refresh();
      const events = await this.collect();
      const left = deadline - Date.now();
      if (events.length > 0 || left <= 0 || this.closed) return events;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, Math.max(10, this.intervalMs - (Date.now() - this.lastAsked))));
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
    const job = this.jobs.get(launch);
    if (!job || job.ending || job.stopAskedAt !== undefined) return;
    job.stopAskedAt = Date.now();
    const id = job.marker.job;
    if (job.state === undefined || job.state.phase === 'pending') await this.options.scheduler.cancel(id);
    else await this.options.scheduler.terminate(id, 'term');
    this.lastAsked = 0;
    const escalate = (): void => {
      if (job.ending || this.closed) return;
      // The scheduler's answer to scancel proves nothing: keep ending it until the scheduler says it ended.
      if (job.killed) this.options.logger.warn(`${job.marker.trial}: ${this.options.scheduler.name} job ${id} still runs after being killed; cancelling it again`);
      job.killed = true;
      void this.options.scheduler.terminate(id, 'kill').catch((e: unknown) => this.options.logger.warn(`${job.marker.trial}: could not kill job ${id}: ${(e as Error).message}`));
      this.lastAsked = 0;
      this.wake?.();
      job.stopTimer = setTimeout(escalate, this.graceMs);
      job.stopTimer.unref();
    };
    job.stopTimer = setTimeout(escalate, this.graceMs);
    job.stopTimer.unref();
  }

  async reconcile(launches: readonly LaunchRecord[]): Promise<readonly Reconciled[]> {
    this.assertOpen();
    const found = new Map<string, { record: LaunchRecord; files: JobFiles; marker: JobMarker & { job: string } }>();
    const results = new Map<string, Reconciled>();
    for (const record of launches) {
      const known = this.jobs.get(record.launch);
      if (known) {
        results.set(record.launch, { launch: record.launch, status: 'running', handle: this.handleOf(known) });
        continue;
      }
      const files = jobFiles(this.clusterRunDir, record.trial, record.launch);
      const marker = parseMarker(await this.readText(files.marker));
      if (!marker) {
        results.set(record.launch, await this.withoutMarker(record));
        continue;
      }
      const job = marker.job ?? (await this.options.scheduler.findByName?.(marker.jobName));
      if (job === undefined) {
        results.set(record.launch, { launch: record.launch, status: 'missing', reason: `it was being submitted to ${this.options.scheduler.name} when the engine stopped, and never reached the queue` });
        continue;
      }
      found.set(record.launch, { record, files, marker: { ...marker, job } });
    }
    const states = found.size === 0 ? new Map<string, JobState>() : await this.statesPatiently([...found.values()].map((f) => f.marker.job));
    for (const [launch, { files, marker }] of found) {
      const state = states.get(marker.job) ?? { phase: 'unknown' };
      if (state.phase !== 'ended' && state.phase !== 'unknown') {
        const job = this.follow(marker, files);
        job.state = state;
        results.set(launch, { launch, status: 'running', handle: this.handleOf(job) });
        continue;
      }
      const ending = await this.endingOf(marker, files, state, false);
      if (!ending) {
        results.set(launch, { launch, status: 'missing', reason: `${this.options.scheduler.name} no longer knows job ${marker.job}, and it left no exit status` });
        continue;
      }
      // Its output and exit reach the tuner through poll(), from the launch's first byte, like a live one's.
      const job = this.follow(marker, files);
      job.state = state;
      job.ending = ending;
      results.set(launch, { launch, status: 'exited', exitCode: ending.exitCode, tail: await this.tailOf(files, marker.logStart) });
    }
    return launches.map((r) => results.get(r.launch) as Reconciled);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.jobs.values()) if (job.stopTimer) clearTimeout(job.stopTimer);
    this.jobs.clear();
    this.wake?.();
    if (this.options.ownsShell) await this.options.shell.close();
  }

  private async submit(request: LaunchRequest): Promise<LaunchHandle> {
    const { shell } = this.options;
    const files = jobFiles(this.clusterRunDir, request.trial, request.launch);
    const earlier = parseMarker(await this.readText(files.marker));
    if (earlier) return this.adopt(earlier, files);
    const q = shellQuote;
    const workdir = this.options.workdir ?? request.workdir;
    const look = await shell.exec([
      `[ -d ${q(files.dir)} ] || echo no-trial-dir`,
      workdir !== undefined && !workdir.startsWith('~') ? `[ -d ${q(workdir)} ] || echo no-workdir` : ':',
      `mkdir -p ${q(files.dir)} && { wc -c < ${q(files.log)} 2>/dev/null || echo 0; }`,
    ].join('; '), { timeoutMs: 60_000 });
    if (look.stdout.includes('no-workdir')) throw new Error(`The workdir ${workdir} does not exist on ${shell.label}: create it there, or fix \`workdir:\` in the study.`);
    if (request.fromResource > 0 && look.stdout.includes('no-trial-dir')) {
      throw new Error(`its trial folder trials/${request.trial} is gone (deleted?), and with it what it reached at ${request.fromResource}; it cannot continue`);
    }
    const logStart = Number(/(\d+)\s*$/.exec(look.stdout)?.[1]);
    if (look.code !== 0 || !Number.isInteger(logStart)) throw new Error(`Could not create the trial folder ${files.dir} on ${shell.label}: ${look.stderr.trim() || `exit ${look.code}`}`);
    const jobName = `rung-${this.options.runId}-${request.launch}`;
    const marker: JobMarker = { trial: request.trial, launch: request.launch, slot: request.slot.id, jobName, logStart, submittedAt: Date.now() };
    if (request.configFile) {
      assertSafeName('config file name', request.configFile.name);
      await shell.writeFile(path.posix.join(files.dir, request.configFile.name), request.configFile.text);
    }
    const script = jobScript({
      header: this.options.header({ jobName, files }),
      files, command: request.command, env: request.env, ...(workdir !== undefined ? { workdir } : {}),
      powerIntervalS: this.options.powerIntervalS ?? 10,
      redirectOutput: this.options.scriptWritesLog === true,
      about: `Rung run ${this.options.runId}, trial ${request.trial}, launch ${request.launch} (${request.fromResource} -> ${request.resource})`,
    });
    await shell.writeFile(files.script, script, 0o755);
    // Written before submitting: an engine that dies during submission finds the job again by its name.
    await shell.writeFile(files.marker, JSON.stringify(marker) + '\n');
    const job = await this.submitOnce(files, jobName);
    const submitted = { ...marker, job };
    await shell.writeFile(files.marker, JSON.stringify(submitted) + '\n');
    this.lastAsked = 0;
    return this.handleOf(this.follow(submitted, files));
  }

  /**
   * Submits the script; a failed submission is verified by looking for the
   * job by name, since a submit command's failure does not prove the job was
   * not queued (a timeout after the controller took it). While the scheduler
   * cannot be asked at all, it is tried again for a while rather than the job
   * being submitted twice or the trial failed by a controller restart.
   */
  private async submitOnce(files: JobFiles, jobName: string): Promise<string> {
    const { scheduler } = this.options;
    const until = Date.now() + 120_000;
    for (;;) {
      try {
        return await scheduler.submit(files.script);
      } catch (e) {
        let found: string | undefined | null = undefined;
        if (scheduler.findByName) found = await scheduler.findByName(jobName).catch(() => null);
        if (typeof found === 'string') return found;
        if (found === undefined || Date.now() > until || this.closed) {
          await this.options.shell.exec(`rm -f ${shellQuote(files.marker)}`).catch(() => undefined);
          throw e;
        }
        this.options.logger.warn(`${(e as Error).message}; ${scheduler.name} does not answer, submitting again shortly`);
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  /** A second launch() of an id submitted before (by us or a previous engine): follow it, never submit it again. */
  private async adopt(marker: JobMarker, files: JobFiles): Promise<LaunchHandle> {
    const job = marker.job ?? (await this.options.scheduler.findByName?.(marker.jobName));
    if (job === undefined) throw new Error(`Launch ${marker.launch} was being submitted before but never reached the queue; launch it again under a new id.`);
    const adopted = this.reported.has(marker.launch) ? undefined : this.follow({ ...marker, job }, files);
    return adopted ? this.handleOf(adopted) : { host: this.options.scheduler.name, gpus: [], handle: encodeHandle(this.options.scheduler.name, job, files.dir) };
  }

  private async withoutMarker(record: LaunchRecord): Promise<Reconciled> {
    const job = jobOfHandle(record.handle?.handle);
    if (job === undefined) return { launch: record.launch, status: 'missing', reason: 'it never started: the engine stopped between deciding to launch it and submitting it' };
    // Its trial folder is gone: the job cannot be followed, so it must not go on running unseen.
    this.options.logger.warn(`${record.trial}: its trial folder is gone; cancelling ${this.options.scheduler.name} job ${job}`);
    await this.options.scheduler.cancel(job).catch(() => undefined);
    return { launch: record.launch, status: 'missing', reason: `its trial folder trials/${record.trial} is gone (deleted?)` };
  }

  private follow(marker: JobMarker & { job: string }, files: JobFiles): Job {
    const existing = this.jobs.get(marker.launch);
    if (existing) return existing;
    const mirror = path.resolve(this.clusterRunDir) === path.resolve(this.options.runDir) ? undefined : logMirror(path.join(this.options.runDir, 'trials', marker.trial, 'log'));
    const job: Job = {
      marker, files, unknownPolls: 0,
      log: new RemoteLog(this.options.shell, files.log, marker.logStart, this.capBytes, this.tailBytes, mirror),
      power: new PowerFile(this.options.shell, files.power, this.capBytes),
    };
    this.jobs.set(marker.launch, job);
    return job;
  }

  /** Asks the scheduler about every job not known to have ended: one call for all of them. */
  private async refresh(): Promise<void> {
    this.lastAsked = Date.now();
    const open = [...this.jobs.values()].filter((j) => !j.ending);
    if (open.length === 0) return;
    let states: ReadonlyMap<string, JobState>;
    try {
      states = await this.options.scheduler.states(open.map((j) => j.marker.job));
    } catch (e) {
      const message = (e as Error).message;
      if (this.schedulerDown === undefined) this.options.logger.warn(`${message}; jobs are left as they are and asked about again`);
      this.schedulerDown = message;
      return;
    }
    if (this.schedulerDown !== undefined) this.options.logger.info(`${this.options.scheduler.name} answers again`);
    this.schedulerDown = undefined;
    for (const job of open) {
      const state = states.get(job.marker.job) ?? { phase: 'unknown' };
      await this.apply(job, state);
    }
  }

  private async apply(job: Job, state: JobState): Promise<void> {
    const { trial } = job.marker;
    const id = job.marker.job;
    const before = job.state;
    if (state.phase !== 'unknown') job.unknownPolls = 0;
    switch (state.phase) {
      case 'pending':
        if (before?.phase !== 'pending' || before.reason !== state.reason) this.options.logger.info(`${trial}: job ${id} waits in the queue${state.reason ? ` (${state.reason})` : ''}`);
        break;
      case 'requeued':
        if (before?.phase !== 'requeued') this.options.logger.warn(`${trial}: job ${id} was requeued (${state.reason}); it will run its script again`);
        break;
      case 'running':
        break;
      case 'ended':
        job.ending = await this.endingOf(job.marker, job.files, state, job.killed === true);
        break;
      case 'unknown':
        // Twice in a row, so a job is not declared gone on one odd answer.
        if (++job.unknownPolls >= 2) {
          job.ending = (await this.endingOf(job.marker, job.files, state, job.killed === true))
            ?? { exitCode: null, reason: `${this.options.scheduler.name} no longer knows job ${id}, and it left no exit status`, note: `[rung] job ${id} vanished from ${this.options.scheduler.name}` };
        }
        break;
    }
    if (state.phase !== 'unknown') job.state = state;
  }

  /** How a job that the scheduler says ended (or forgot) ended, from its exit file first. */
  private async endingOf(marker: JobMarker & { job: string }, files: JobFiles, state: JobState, killed: boolean): Promise<Ending | undefined> {
    return jobEnding(marker.job, await this.readText(files.exit), state, killed, this.graceMs);
  }

  private async collect(): Promise<BackendEvent[]> {
    const events: BackendEvent[] = [];
    for (const [launch, job] of this.jobs) {
      const started = job.state !== undefined && job.state.phase !== 'pending';
      if (!started && !job.ending) continue;
      let read;
      try {
        read = await job.log.read(job.ending !== undefined);
        const samples = await job.power.read();
        if (samples.length > 0) events.push({ type: 'power', host: this.options.scheduler.name, samples });
      } catch (e) {
        if (this.schedulerDown === undefined) this.options.logger.warn(`${job.marker.trial}: could not read its log on ${this.options.shell.label}: ${(e as Error).message}`);
        continue;
      }
      if (read.text !== '') events.push({ type: 'output', launch, text: read.text });
      if (job.ending && read.atEnd) {
        const { ending } = job;
        const tail = ending.note ? `${job.log.tail}${job.log.tail === '' || job.log.tail.endsWith('\n') ? '' : '\n'}${ending.note}\n` : job.log.tail;
        events.push({ type: 'exit', launch, exitCode: ending.exitCode, tail, ...(ending.signal ? { signal: ending.signal } : {}), ...(ending.reason ? { reason: ending.reason } : {}) });
        if (job.stopTimer) clearTimeout(job.stopTimer);
        this.jobs.delete(launch);
        this.reported.add(launch);
      }
    }
    return events;
  }

  private async tailOf(files: JobFiles, logStart: number): Promise<string> {
    const size = Number((await this.options.shell.exec(`wc -c < ${shellQuote(files.log)}`)).stdout.trim());
    if (!Number.isInteger(size)) return '';
    const from = Math.max(logStart, size - this.tailBytes);
    const bytes = await this.options.shell.readFile(files.log, from, size - from);
    return bytes ? Buffer.from(bytes).toString('utf8').replace(/^[\u0080-\u00bf\ufffd]+/, '') : '';
  }

  /** States after a restart: a scheduler that does not answer (its controller restarting) is waited for a while. */
  private async statesPatiently(jobs: readonly string[]): Promise<ReadonlyMap<string, JobState>> {
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        return await this.options.scheduler.states(jobs);
      } catch (e) {
        if (Date.now() > until) throw new Error(`${(e as Error).message}; cannot tell which trials still run, so the run cannot resume yet. Try again once ${this.options.scheduler.name} answers.`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async readText(file: string): Promise<string | undefined> {
    const bytes = await this.options.shell.readFile(file, 0, 64 * 1024);
    return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
  }

  private handleOf(job: Job): LaunchHandle {
    return { host: this.options.scheduler.name, gpus: [], handle: encodeHandle(this.options.scheduler.name, job.marker.job, job.files.dir) };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('This backend is closed.');
  }
}
