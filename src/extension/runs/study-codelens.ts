/** "Run", "Plan", "Check" above a study file. In an untrusted workspace "Run" says why it cannot. */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../commands/ids';

export class StudyCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor() {
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const run: vscode.Command = vscode.workspace.isTrusted
      ? { title: '$(play) Run', command: COMMAND_IDS.run, arguments: [document.uri], tooltip: 'Start a tuning run of this study (the engine runs detached; it outlives this window)' }
      : { title: '$(workspace-untrusted) Run (trust this workspace to run)', command: 'workbench.trust.manage', tooltip: 'Rung runs a study\'s command only in a trusted workspace' };
    return [
      new vscode.CodeLens(top, run),
      new vscode.CodeLens(top, { title: 'Plan', command: COMMAND_IDS.showPlan, tooltip: 'Show the rung plan of the scheduler' }),
      new vscode.CodeLens(top, { title: 'Check', command: COMMAND_IDS.check, tooltip: 'Validate this study' }),
    ];
  }
}
