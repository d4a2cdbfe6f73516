/**
 * The runs of the workspace: one RunWatcher per run folder under each
 * workspace folder's .rung/runs/. New folders (a run started here, from a
 * terminal, or by another window) are found by a file watcher and, where file
 * events do not arrive, by a slow rescan.
 */
import * as vscode from 'vscode';
import { listRuns, RUNS_DIR } from '../../storage/run-folder';
import { RunWatcher, type RunChange } from './run-watcher';

const RESCAN_MS = 3000;

export class RunRegistry implements vscode.Disposable {
  private readonly watchers = new Map<string, RunWatcher>();
  private readonly listChanged = new vscode.EventEmitter<void>();
  /** The set of runs changed (a run appeared or its folder went away). */
  readonly onDidChangeRuns = this.listChanged.event;
  private readonly runChanged = new vscode.EventEmitter<RunChange>();
  /** Any run's state changed (coalesced per run). */
  readonly onDidChangeRun = this.runChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pollMs: () => number, private readonly log: vscode.LogOutputChannel) {
    const fsWatcher = vscode.workspace.createFileSystemWatcher(`**/${RUNS_DIR.replace(/\\/g, '/')}/*/journal.jsonl`);
    this.disposables.push(fsWatcher, fsWatcher.onDidCreate(() => this.rescan()), fsWatcher.onDidDelete(() => this.rescan()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescan()));
    this.timer = setInterval(() => this.rescan(), RESCAN_MS);
    this.rescan();
  }

  /** Runs, oldest first, over all workspace folders. */
  get runs(): RunWatcher[] {
    return [...this.watchers.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  byDir(dir: string): RunWatcher | undefined {
    return this.watchers.get(dir);
  }

  /** The run the status bar speaks of: the newest one still going, else the newest. */
  get current(): RunWatcher | undefined {
    const runs = this.runs;
    return [...runs].reverse().find((r) => r.active && r.engineAlive()) ?? runs[runs.length - 1];
  }

  rescan(): void {
    const seen = new Set<string>();
    let changed = false;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      let runs;
      try {
        runs = listRuns(folder.uri.fsPath);
      } catch (e) {
        this.log.warn(`cannot list the runs of ${folder.name}: ${(e as Error).message}`);
        continue;
      }
      for (const run of runs) {
        seen.add(run.dir);
        if (this.watchers.has(run.dir)) continue;
        const watcher = new RunWatcher(run, { pollMs: this.pollMs(), log: this.log });
        watcher.onDidChange((change) => this.runChanged.fire(change));
        this.watchers.set(run.dir, watcher);
        changed = true;
      }
    }
    for (const [dir, watcher] of this.watchers) {
      if (seen.has(dir)) {
        watcher.checkEngine();
        continue;
      }
      watcher.dispose();
      this.watchers.delete(dir);
      changed = true;
    }
    if (changed) this.listChanged.fire();
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    for (const d of this.disposables) d.dispose();
    this.listChanged.dispose();
    this.runChanged.dispose();
  }
}
