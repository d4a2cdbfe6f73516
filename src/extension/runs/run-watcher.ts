/**
 * Follows one run folder: the journal (fs.watch plus polling, through
 * JournalFollower) reduced into a RunState, and the study snapshot the run
 * started from. Changes are coalesced: however fast the engine writes, views
 * hear at most one change per `coalesceMs`, carrying every trial touched.
 *
 * API for views (the Runs tree, the status bar, the charts):
 *   - `state`: the RunState, updated in place (read it, never change it);
 *   - `study`: the parsed study snapshot (undefined if it does not parse);
 *   - `shape`: rung levels, first objective and resource name for the tree;
 *   - `onDidChange(change => ...)`: `change.trials` holds the trial ids whose
 *     events arrived since the last change (empty for run-level events);
 *   - `engineAlive()`: whether an engine holds the run's lock (checked on
 *     every registry rescan; a change fires onDidChange).
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RunEvent } from '../../core/journal/events';
import { emptyRun, reduce } from '../../core/journal/reducer';
import type { RunState } from '../../core/journal/state';
import { HostActivity } from '../../core/report/hosts';
import type { TreeShape } from '../../core/report/run-tree';
import { rungLadder } from '../../core/schedule/plan';
import type { Study } from '../../core/space/model';
import { checkStudy } from '../../core/space/validate';
import { isEngineAlive } from '../../storage/engine-lock';
import { JournalFollower } from '../../storage/journal-follower';
import type { RunFolder } from '../../storage/run-folder';

export interface RunChange {
  readonly run: RunWatcher;
  readonly trials: ReadonlySet<string>;
}

export interface RunWatcherOptions {
  readonly pollMs: number;
  readonly coalesceMs?: number;
  readonly log?: vscode.LogOutputChannel;
}

export class RunWatcher implements vscode.Disposable {
  readonly state: RunState = emptyRun();
  readonly hosts = new HostActivity();
  readonly study: Study | undefined;
  readonly shape: TreeShape;
  /** Set when the journal cannot be read on (damaged, or written by a newer Rung). */
  error: string | undefined;
  private readonly changed = new vscode.EventEmitter<RunChange>();
  readonly onDidChange = this.changed.event;
  private readonly follower: JournalFollower;
  private pending = new Set<string>();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private lastFired = 0;
  private readonly coalesceMs: number;
  private alive: boolean;

  constructor(readonly folder: RunFolder, options: RunWatcherOptions) {
    this.coalesceMs = options.coalesceMs ?? 100;
    this.alive = isEngineAlive(folder.dir);
    this.study = readStudy(folder.study);
    const levels = this.study && this.study.scheduler.type !== 'fifo' ? rungLadder(this.study.scheduler.min, this.study.scheduler.max, this.study.scheduler.reduction) : [];
    const objective = this.study?.objectives.find((o) => !o.builtin);
    this.shape = { levels, resourceName: this.study?.scheduler.resource ?? 'resource', ...(objective ? { objective: { name: objective.name, mode: objective.mode } } : {}) };
    this.follower = new JournalFollower(folder.journal, {
      intervalMs: options.pollMs,
      onEvents: (events) => this.apply(events),
      onError: (e) => {
        this.error = e.message;
        options.log?.error(`run ${folder.id}: the journal cannot be followed: ${e.message}`);
        this.dirty = true;
        this.schedule();
      },
    });
    // The first read happens here, synchronously, so a new watcher already holds the run.
    this.follower.start();
  }

  get id(): string {
    return this.folder.id;
  }

  /** Whether an engine held the run's lock at the last check (construction or checkEngine()). */
  engineAlive(): boolean {
    return this.alive;
  }

  /** Looks at the lock again; an engine that came or went is a change views hear about. */
  checkEngine(): void {
    const alive = isEngineAlive(this.folder.dir);
    if (alive === this.alive) return;
    this.alive = alive;
    this.dirty = true;
    this.schedule();
  }

  /** Live: not ended, or an engine is still winding it down. */
  get active(): boolean {
    return this.state.ended === undefined;
  }

  private apply(events: readonly RunEvent[]): void {
    for (const e of events) {
      reduce(this.state, e);
      this.hosts.add(e);
      if ('trial' in e && typeof e.trial === 'string') this.pending.add(e.trial);
      if (e.type === 'engine-started' || e.type === 'run-ended') this.alive = isEngineAlive(this.folder.dir);
    }
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFired + this.coalesceMs - Date.now());
    this.timer = setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    this.lastFired = Date.now();
    const trials = this.pending;
    this.pending = new Set();
    this.changed.fire({ run: this, trials });
  }

  dispose(): void {
    this.follower.close();
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}

function readStudy(file: string): Study | undefined {
  try {
    return checkStudy(fs.readFileSync(file, 'utf8')).study;
  } catch {
    return undefined;
  }
}
