/** Wires the run views and commands: one registry of runs feeds the tree, the hosts, the status bar and the offers. */
import * as vscode from 'vscode';
import { VIEW_IDS } from '../commands/ids';
import { RUNG_LANGUAGE } from '../lang/diagnostics';
import { SETTING_IDS, settings } from '../settings';
import { EngineLauncher } from './engine-launcher';
import { HostsTree } from './hosts-tree';
import { ResumeOffers } from './resume-offers';
import { registerRunCommands } from './run-commands';
import { RunRegistry } from './run-registry';
import { RunsTree, type RunsNode } from './runs-tree';
import { RunStatusBar } from './status-bar';
import { StudyCodeLens } from './study-codelens';
import { TrialConfigs, TrialLogs } from './trial-documents';

export class RunsFeature implements vscode.Disposable {
  readonly registry: RunRegistry;
  readonly tree: RunsTree;
  readonly view: vscode.TreeView<RunsNode>;
  readonly hosts: HostsTree;
  readonly resumeOffers: ResumeOffers;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext, log: vscode.LogOutputChannel) {
    this.registry = new RunRegistry(settings.pollIntervalMs, log);
    this.tree = new RunsTree(this.registry);
    this.view = vscode.window.createTreeView(VIEW_IDS.runs, { treeDataProvider: this.tree, showCollapseAll: true });
    this.hosts = new HostsTree(this.registry);
    const statusBar = new RunStatusBar(this.registry, settings.statusBar);
    this.resumeOffers = new ResumeOffers(this.registry);
    const lookup = (runDir: string, trial: string) => this.registry.byDir(runDir)?.state.trials.get(trial);
    this.disposables.push(
      this.registry, this.tree, this.view, this.hosts, statusBar, this.resumeOffers,
      vscode.window.registerTreeDataProvider(VIEW_IDS.hosts, this.hosts),
      new TrialLogs(settings.pollIntervalMs), new TrialConfigs(lookup),
      vscode.languages.registerCodeLensProvider({ language: RUNG_LANGUAGE }, new StudyCodeLens()),
      ...registerRunCommands({ registry: this.registry, tree: this.tree, view: this.view, launcher: new EngineLauncher(context.extensionPath), log }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(SETTING_IDS.statusBar)) statusBar.update(); }),
    );
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
