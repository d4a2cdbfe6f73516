/** The status bar item: the current run's running trials, best value and measured CO2e; a click reveals the run. */
import * as vscode from 'vscode';
import { summariseRun } from '../../core/report/status-line';
import { COMMAND_IDS } from '../commands/ids';
import type { RunRegistry } from './run-registry';

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('rung.run', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly registry: RunRegistry, private readonly enabled: () => boolean) {
    this.item.name = 'Rung run';
    this.item.command = COMMAND_IDS.revealRun;
    this.subscriptions = [registry.onDidChangeRuns(() => this.update()), registry.onDidChangeRun(() => this.update())];
    this.update();
  }

  update(): void {
    const run = this.registry.current;
    if (!run || !this.enabled()) {
      this.item.hide();
      return;
    }
    const summary = summariseRun(run.state, run.shape.objective, run.study?.energy, Date.now());
    const live = run.engineAlive();
    this.item.text = `$(${live ? 'sync~spin' : 'beaker'}) ${summary.text}`;
    this.item.tooltip = `Rung run ${run.id}${live ? '' : ' (engine not running)'}: ${summary.trials} trials. Click to show it in the Runs view.`;
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
