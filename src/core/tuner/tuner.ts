/**
 * The tuner loop: the only place that acts. The searcher proposes, the
 * scheduler decides, the backend executes, and every step is journalled
 * before and after it happens, so a crash at any point is detectable on
 * resume and nothing is launched twice.
 */
import { builtinObjectives, builtinValues } from '../energy/builtin';
import { PowerDownsampler } from '../energy/downsample';
import type { NewEvent } from '../journal/events';
import { reduce } from '../journal/reducer';
import { currentLaunch, type RunState, type Trial } from '../journal/state';
import type { Backend, BackendEvent, Clock, JournalStore, Logger, Slot } from '../ports';
import type { Scheduler } from '../schedule/scheduler';
import type { Searcher } from '../search/searcher';
import { renderCommand } from '../space/command';
import { configKey, type Config } from '../space/config';
import type { Study } from '../space/model';
import { classifyFailure } from './failures';
import { launchId, trialId } from './ids';
import { LogMetricParser, type ObjectivePattern } from './log-metrics';
import { takeSlot } from './slot-choice';
import { usage } from './usage';

export interface ControlRequests {
  /** New requests from views since the last call. */
  take(): readonly { readonly request: 'stop-run' | 'stop-trial'; readonly trial?: string }[];
}

export interface TunerOptions {
  /** How long one poll may wait for backend events. */
  readonly pollMs: number;
  /** Launches a backend may fail in a row for one trial before it counts as failed. */
  readonly maxLaunchFailures?: number;
  /** Extra stop criteria (benchmarks stop at an evaluation or cost budget); returns the reason. */
  readonly stopWhen?: (state: RunState) => string | undefined;
  /** Per-trial base_config text, when the study has one. */
  readonly materialise?: (config: Config) => { readonly name: string; readonly text: string } | undefined;
}

export interface TunerParts {
  readonly study: Study;
  readonly state: RunState;
  readonly backend: Backend;
  readonly journal: JournalStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  readonly searcher: Searcher;
  readonly control?: ControlRequests;
}

export class Tuner {
  private readonly parsers = new Map<string, LogMetricParser>();
  private readonly patterns: ObjectivePattern[];
  private spaceExhausted = false;
  private halted: string | undefined;
  private hardStop: string | undefined;
  private readonly stopping = new Set<string>();
  private detached = false;
  private readonly power: PowerDownsampler;
  /** Built-in objectives (co2e...) the engine adds to every result. */
  private readonly builtins: readonly string[];

  constructor(private readonly parts: TunerParts, private readonly options: TunerOptions) {
    this.patterns = parts.study.objectives
      .filter((o) => o.pattern)
      .map((o) => ({ name: o.name, regex: new RegExp(o.pattern?.source as string) }));
    this.power = new PowerDownsampler();
    this.builtins = builtinObjectives(parts.study);
  }

  get state(): RunState {
    return this.parts.state;
  }

  private record(event: NewEvent): void {
    reduce(this.parts.state, this.parts.journal.append(event));
  }

  /**
   * Leaves the loop at its next turn without touching the trials: they run
   * on, and a later engine re-attaches to them (an engine shutting down).
   */
  detach(): void {
    this.detached = true;
  }

  /** Journals the power readings still held in open windows. */
  private flushPower(): void {
    for (const batch of this.power.flush()) this.record({ type: 'power', host: batch.host, samples: batch.samples });
  }

  /** Runs until the budget is spent, the space is exhausted, or the run is stopped. */
  async run(): Promise<RunState> {
    await this.recover();
    for (;;) {
      if (this.detached) {
        this.flushPower();
        return this.state;
      }
      this.takeControl();
      this.checkBudget();
      const ending = this.state.stopRequested ? 'stopped on request' : this.halted ?? this.hardStop;
      if (ending) await this.stopLive();
      else await this.fill();
      if (this.live().length === 0 && (ending || !this.canAct())) {
        this.flushPower();
        this.record({ type: 'run-ended', reason: ending ?? this.finishedReason(), ...(this.halted ? { halted: true } : {}) });
        return this.state;
      }
      for (const event of await this.parts.backend.poll(this.options.pollMs)) this.handle(event);
    }
  }

  private live(): Trial[] {
    return [...this.state.trials.values()].filter((t) => t.state === 'running' || (t.state === 'pending' && launchOpen(t)));
  }

  /** Re-attaches launches that were open when the last engine stopped. */
  private async recover(): Promise<void> {
    const open = [...this.state.trials.values()].filter((t) => launchOpen(t));
    if (open.length === 0) return;
    const records = open.map((t) => {
      const l = currentLaunch(t) as NonNullable<ReturnType<typeof currentLaunch>>;
      return { trial: t.id, launch: l.id, ...(l.handle !== undefined ? { handle: { host: l.host ?? '', gpus: l.gpus, handle: l.handle } } : {}) };
    });
    const results = await this.parts.backend.reconcile(records);
    for (const r of results) {
      const rec = records.find((x) => x.launch === r.launch);
      if (!rec) continue;
      const trial = this.state.trials.get(rec.trial) as Trial;
      if (r.status === 'missing') {
        if (!rec.handle) {
          this.record({ type: 'launch-failed', trial: trial.id, launch: r.launch, reason: `the engine stopped before this launch started (${r.reason}); it will be launched again` });
        } else {
          this.record({ type: 'trial-ended', trial: trial.id, launch: r.launch, state: 'failed', reason: `the trial vanished while the engine was away: ${r.reason}` });
        }
        continue;
      }
      const launch = currentLaunch(trial);
      this.parsers.set(r.launch, new LogMetricParser(this.patterns, launch?.fromResource ?? 0));
      if (r.status === 'running' && !launch?.handle) {
        this.record({ type: 'trial-launched', trial: trial.id, launch: r.launch, host: r.handle.host, gpus: r.handle.gpus, handle: r.handle.handle });
      }
      this.parts.logger.info(`${trial.id}: ${r.status === 'running' ? 're-attached to the running launch' : 'finished while the engine was away; collecting its results'} ${r.launch}`);
    }
  }

  private takeControl(): void {
    for (const req of this.parts.control?.take() ?? []) {
      this.record({ type: 'control', request: req.request, ...(req.trial ? { trial: req.trial } : {}) });
      if (req.request === 'stop-trial' && req.trial) {
        const t = this.state.trials.get(req.trial);
        const l = t && currentLaunch(t);
        if (t && l && t.state === 'running') void this.stop(l.id);
        // A trial between launches (paused, or waiting for a retry) has no process to signal: end it here.
        else if (t && (t.state === 'paused' || (t.state === 'pending' && !launchOpen(t)))) {
          this.record({ type: 'trial-ended', trial: t.id, launch: l?.id ?? '', state: 'stopped', reason: `stopped on request while ${t.state === 'paused' ? 'paused' : 'waiting to be launched'}` });
        }
      }
    }
  }

  private checkBudget(): void {
    const b = this.parts.study.budget;
    const now = this.parts.clock.now();
    if (b.wallSeconds !== undefined && (now - this.state.startedAt) / 1000 >= b.wallSeconds) this.hardStop ??= `budget: wall time ${b.wallSeconds}s spent`;
    // Usage walks every launch of every trial: only worth it when a budget reads it.
    if (b.gpuHours !== undefined || b.co2eKg !== undefined) {
      const u = usage(this.state, now, this.parts.study.energy);
      if (b.gpuHours !== undefined && u.gpuSeconds / 3600 >= b.gpuHours) this.hardStop ??= `budget: ${b.gpuHours} GPU hours spent`;
      if (b.co2eKg !== undefined && u.energy.co2eKg >= b.co2eKg) this.hardStop ??= `budget: ${b.co2eKg} kg CO2e spent (${u.energy.assumptions.join(', ')})`;
    }
    const extra = this.options.stopWhen?.(this.state);
    if (extra) this.hardStop ??= extra;
  }

  private mayCreate(): boolean {
    const max = this.parts.study.budget.trials;
    return !this.spaceExhausted && (max === undefined || this.state.order.length < max);
  }

  /** Whether anything could still be launched once slots free up. */
  private canAct(): boolean {
    return this.retryable().length > 0 || this.promotedNotLaunched().length > 0 || this.parts.scheduler.next(this.state, this.mayCreate()) !== undefined;
  }

  private finishedReason(): string {
    const max = this.parts.study.budget.trials;
    if (this.spaceExhausted) return 'search space exhausted';
    if (max !== undefined && this.state.order.length >= max) return `budget: ${max} trials done`;
    return 'nothing left to run';
  }

  /** Trials waiting to be launched again: retries, and launches the last engine never started. */
  private retryable(): Trial[] {
    return [...this.state.trials.values()].filter((t) => t.state === 'pending' && !launchOpen(t) && !t.stopRequested);
  }

  private async fill(): Promise<void> {
    const parallel = this.parts.study.parallel ?? Infinity;
    let free = Math.max(0, parallel - this.live().length);
    if (free === 0) return;
    const slots: Slot[] = [...(await this.parts.backend.freeSlots())];
    // Decisions are taken one by one (each journals its intent before the next is taken); the
    // launches themselves then proceed together, so a wave of freed GPUs is not refilled one round trip at a time.
    const launching: Promise<void>[] = [];
    while (free > 0 && slots.length > 0) {
      const started = this.launchNext(slots);
      if (!started) break;
      launching.push(started);
      free--;
    }
    await Promise.all(launching);
  }

  /**
   * Trials whose promotion was journalled but never launched (the engine died
   * in between): the scheduler will not promote them twice, so the loop must.
   */
  private promotedNotLaunched(): { trial: Trial; resource: number }[] {
    const out: { trial: Trial; resource: number }[] = [];
    for (const t of this.state.trials.values()) {
      const last = currentLaunch(t);
      if (t.state !== 'paused' || !last || !t.promotedFrom.some((r) => Math.abs(r - last.resource) < 1e-9)) continue;
      const rungs = this.parts.scheduler.rungs(t.bracket);
      const next = rungs.find((r) => r > last.resource + 1e-9);
      if (next !== undefined) out.push({ trial: t, resource: next });
    }
    return out;
  }

  /** Starts launching what comes next on one of `slots` (removing it); undefined when there is nothing to launch. */
  private launchNext(slots: Slot[]): Promise<void> | undefined {
    const promoted = this.promotedNotLaunched()[0];
    if (promoted) {
      return this.launch(promoted.trial, promoted.resource, promoted.trial.reached, takeSlot(slots, promoted.trial));
    }
    const again = this.retryable()[0];
    if (again) {
      const last = currentLaunch(again);
      return this.launch(again, last?.resource ?? again.resource, again.reached, takeSlot(slots, again));
    }
    for (;;) {
      const action = this.parts.scheduler.next(this.state, this.mayCreate());
      if (!action) return undefined;
      if (action.kind === 'resume') {
        const trial = this.state.trials.get(action.trial) as Trial;
        const rung = this.parts.scheduler.rungs(trial.bracket)[action.fromRung] ?? trial.reached;
        this.record({ type: 'decision', trial: trial.id, action: 'promote', rung: action.fromRung, resource: rung, reason: `in the top 1/${this.parts.study.scheduler.reduction} of rung ${action.fromRung} (${rung} ${this.parts.study.scheduler.resource})` });
        return this.launch(this.state.trials.get(trial.id) as Trial, action.resource, trial.reached, takeSlot(slots, trial));
      }
      const proposed = this.parts.searcher.suggest(this.state, action.bracket);
      if (!proposed) {
        this.spaceExhausted = true;
        continue;
      }
      const resolved = this.parts.backend.resolveConfig?.(proposed);
      const id = trialId(this.state.order.length);
      // The searcher learns from the row's config; the proposal is journalled too, so it is never proposed again.
      const replaced = resolved !== undefined && configKey(resolved.config) !== configKey(proposed);
      this.record({
        type: 'trial-created', trial: id, config: resolved?.config ?? proposed, bracket: action.bracket, resource: action.resource,
        ...(resolved ? { row: resolved.row } : {}), ...(replaced ? { proposed } : {}),
      });
      return this.launch(this.state.trials.get(id) as Trial, action.resource, 0, takeSlot(slots));
    }
  }

  private async launch(trial: Trial, resource: number, fromResource: number, slot: Slot): Promise<void> {
    const { study, backend } = this.parts;
    const id = launchId(trial.id, trial.launches.length);
    const dir = backend.trialDir(trial.id);
    const configFile = this.options.materialise?.(trial.config);
    const values = {
      ...trial.config, trial_id: trial.id, trial_dir: dir, resource,
      gpus: (slot.indices ?? []).join(','), ...(configFile ? { config: `${dir}/${configFile.name}` } : {}),
    };
    this.record({ type: 'launch-intent', trial: trial.id, launch: id, resource, fromResource });
    try {
      const command = study.command ? renderCommand(study.command.text, values, true) : '';
      const handle = await backend.launch({
        runId: this.state.runId, trial: trial.id, launch: id, slot, command, resource, fromResource, env: study.env,
        ...(study.workdir !== undefined ? { workdir: study.workdir } : {}), ...(configFile ? { configFile } : {}), config: trial.config,
        ...(trial.row !== undefined ? { row: trial.row } : {}),
      });
      this.parsers.set(id, new LogMetricParser(this.patterns, fromResource));
      // Power windows end at launch edges, so the launch's energy is what the raw readings give.
      this.flushPower();
      this.record({ type: 'trial-launched', trial: trial.id, launch: id, host: handle.host, gpus: handle.gpus, handle: handle.handle });
    } catch (e) {
      const reason = (e as Error).message;
      this.record({ type: 'launch-failed', trial: trial.id, launch: id, reason });
      this.parts.logger.warn(`${trial.id}: launch failed on ${slot.host}: ${reason}`);
      const failures = trial.launches.slice(-(this.options.maxLaunchFailures ?? 3)).filter((l) => l.failed).length;
      if (failures >= (this.options.maxLaunchFailures ?? 3)) {
        this.record({ type: 'trial-ended', trial: trial.id, launch: id, state: 'failed', reason: `could not be launched ${failures} times in a row; last: ${reason}` });
      }
    }
  }

  private handle(event: BackendEvent): void {
    switch (event.type) {
      case 'output': {
        const parser = this.parsers.get(event.launch);
        if (parser) for (const m of parser.feed(event.text)) this.result(event.launch, m.resource, m.values, m.converged);
        for (const w of parser?.warnings.splice(0) ?? []) this.parts.logger.warn(`${event.launch}: ${w}`);
        return;
      }
      case 'metric':
        this.result(event.launch, event.resource, event.values, event.converged === true);
        return;
      case 'exit':
        this.exit(event.launch, event.exitCode, event.tail, event.reason);
        return;
      case 'power':
        for (const batch of this.power.push(event.host, event.samples)) this.record({ type: 'power', host: batch.host, samples: batch.samples });
        return;
    }
  }

  private trialOf(launch: string): Trial | undefined {
    return this.state.trials.get(launch.slice(0, launch.lastIndexOf('.')));
  }

  private result(launch: string, resource: number, values: Record<string, number> | Readonly<Record<string, number>>, converged: boolean): void {
    const trial = this.trialOf(launch);
    if (!trial) return;
    const diverged = Object.entries(values).find(([, v]) => !Number.isFinite(v));
    const finite = Object.fromEntries(Object.entries(values).filter(([, v]) => Number.isFinite(v)));
    // A result read again after a restart keeps the values journalled when it first arrived (the reducer merges them).
    const seen = trial.observations.some((o) => o.launch === launch && Math.abs(o.resource - resource) < 1e-9);
    if (this.builtins.length > 0 && !seen) {
      // The readings so far must be in the state before the trial's energy is read from it.
      this.flushPower();
      // Rung measures these itself: a trial printing a `co2e` of its own does not override them.
      Object.assign(finite, builtinValues(this.state, trial, this.parts.clock.now(), this.parts.study, this.builtins));
    }
    this.record({ type: 'metric', trial: trial.id, launch, resource, values: finite, ...(converged ? { converged: true } : {}) });
    if (diverged) {
      this.record({ type: 'decision', trial: trial.id, action: 'stop', rung: -1, resource, reason: `${diverged[0]} is ${diverged[1]}: the trial diverged` });
      void this.stop(launch);
      return;
    }
    const current = this.state.trials.get(trial.id) as Trial;
    if (current.state !== 'running' || current.stopRequested) return;
    const verdict = this.parts.scheduler.onResult(this.state, current, resource);
    if (verdict.action === 'stop') {
      this.record({ type: 'decision', trial: trial.id, action: 'stop', rung: verdict.rung ?? -1, resource, reason: verdict.reason ?? 'stopped early by the scheduler' });
      void this.stop(launch);
    }
  }

  private exit(launch: string, exitCode: number | null, tail: string, why: string | undefined): void {
    const trial = this.trialOf(launch);
    const l = trial && currentLaunch(trial);
    if (!trial || !l || l.id !== launch || l.endedAt !== undefined) return;
    const parser = this.parsers.get(launch);
    if (parser) for (const m of parser.end()) this.result(launch, m.resource, m.values, m.converged);
    this.parsers.delete(launch);
    // Power windows end at launch edges (see launch()).
    this.flushPower();
    const askedToStop = this.stopping.delete(launch);
    // The state is updated in place, so `trial` already holds the results flushed just above.
    const t = trial;
    const end = (state: 'paused' | 'completed' | 'stopped' | 'failed' | 'discarded', reason: string, retry = false): void =>
      this.record({ type: 'trial-ended', trial: t.id, launch, state, reason, ...(exitCode !== null ? { exitCode } : {}), ...(retry ? { retry: true } : {}) });
    const objectives = this.parts.study.objectives.filter((o) => !o.builtin).map((o) => o.name);
    if (t.stopRequested || askedToStop || this.state.stopRequested) {
      const reason = t.stopReason ?? (this.state.stopRequested ? 'run stopped on request' : this.halted ?? this.hardStop ?? 'stopped');
      end(/diverged/.test(reason) ? 'discarded' : 'stopped', reason);
      return;
    }
    if (exitCode === 0) {
      if (t.observations.length === 0 && objectives.length > 0) {
        end('failed', `exited 0 without reporting ${objectives.join(', ')}; print lines like 'rung: {"${objectives[0]}": 0.5}' or give the objective a pattern`);
        return;
      }
      const state = t.converged || t.reached >= l.resource - 1e-9 ? this.parts.scheduler.onLaunchEnd(this.state, t) : 'completed';
      end(state, t.reached < l.resource - 1e-9 && !t.converged ? `ended at ${t.reached} before ${l.resource}; counted as converged` : state === 'paused' ? `reached ${t.reached}` : 'done');
      return;
    }
    const verdict = classifyFailure(tail, this.parts.study.failures, this.parts.study.retries);
    const code = exitCode === null ? why ?? 'killed' : `exit code ${exitCode}`;
    if (verdict.action === 'halt') {
      this.halted = `halted: ${verdict.reason}`;
      end('failed', `${code}; ${verdict.reason}`);
    } else if (verdict.action === 'discard') {
      end('discarded', `${code}; ${verdict.reason}`);
    } else if (verdict.action === 'retry' && t.retries < (verdict.maxRetries ?? this.parts.study.retries)) {
      end('failed', `${code}; ${verdict.reason}; retrying (${t.retries + 1}/${verdict.maxRetries ?? this.parts.study.retries})`, true);
    } else {
      end('failed', `${code}; ${verdict.reason}`);
    }
  }

  private async stop(launch: string): Promise<void> {
    if (this.stopping.has(launch)) return;
    this.stopping.add(launch);
    try {
      await this.parts.backend.stop(launch);
    } catch (e) {
      this.parts.logger.warn(`could not stop ${launch}: ${(e as Error).message}`);
    }
  }

  private async stopLive(): Promise<void> {
    for (const t of this.live()) {
      const l = currentLaunch(t);
      if (l) await this.stop(l.id);
    }
  }
}

/** A launch was asked for and has not ended (it may not have started yet). */
function launchOpen(t: Trial): boolean {
  const l = currentLaunch(t);
  return l !== undefined && l.endedAt === undefined && l.failed === undefined;
}

