/**
 * Offers to resume runs whose engine died (a crash, a reboot, a killed
 * terminal): found on activation and whenever a watched engine disappears.
 * Each run is offered once per window; trials that were running keep going
 * detached meanwhile, and resume re-attaches to them.
 *
 * A run must look orphaned on two checks some seconds apart: an engine
 * starting up (journal before lock) or winding down (lock gone, last event
 * not yet written) looks orphaned for an instant.
 */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../commands/ids';
import type { RunRegistry } from './run-registry';
import type { RunWatcher } from './run-watcher';

const CONFIRM_MS = 2000;

export class ResumeOffers implements vscode.Disposable {
  /** Run ids offered so far, oldest first (tests read it). */
  readonly offered: string[] = [];
  private readonly subscriptions: vscode.Disposable[];
  /** When each run was first seen orphaned (epoch ms). */
  private readonly suspects = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly registry: RunRegistry) {
    this.subscriptions = [
      registry.onDidChangeRuns(() => this.check()),
      registry.onDidChangeRun((change) => this.consider(change.run)),
    ];
    this.timer = setInterval(() => this.check(), CONFIRM_MS);
    this.check();
  }

  /** A run needs its engine back when it has not ended and no engine holds it. */
  static orphaned(run: RunWatcher): boolean {
    return run.state.runId !== '' && run.state.ended === undefined && !run.engineAlive() && run.error === undefined;
  }

  check(): void {
    for (const run of this.registry.runs) this.consider(run);
  }

  private consider(run: RunWatcher): void {
    if (this.offered.includes(run.id)) return;
    if (!ResumeOffers.orphaned(run)) {
      this.suspects.delete(run.id);
      return;
    }
    const since = this.suspects.get(run.id);
    if (since === undefined) this.suspects.set(run.id, Date.now());
    if (since === undefined || Date.now() - since < CONFIRM_MS) return;
    this.offered.push(run.id);
    const running = [...run.state.trials.values()].filter((t) => t.state === 'running').length;
    const detail = running > 0 ? ` ${running} trial${running === 1 ? ' was' : 's were'} running; resuming re-attaches to ${running === 1 ? 'it' : 'them'}.` : '';
    void vscode.window.showWarningMessage(`Rung: the engine of run ${run.id} is not running, and the run has not ended.${detail}`, 'Resume', 'Show in Runs')
      .then((choice) => {
        if (choice === 'Resume') void vscode.commands.executeCommand(COMMAND_IDS.resume, { runDir: run.folder.dir });
        else if (choice === 'Show in Runs') void vscode.commands.executeCommand(COMMAND_IDS.revealRun, { runDir: run.folder.dir });
      });
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
