/**
 * The composition root: constructs every part with explicit dependencies and
 * owns one disposal tree. No singletons, no service locator.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands/register';
import { StudyDiagnostics } from './lang/diagnostics';

export class RungExtension implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Rung', { log: true });
    this.disposables.push(this.log);
    const diagnostics = new StudyDiagnostics(this.log);
    this.disposables.push(diagnostics, ...registerCommands(this.log, diagnostics));
    context.subscriptions.push(this);
    this.log.info('Rung activated');
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
