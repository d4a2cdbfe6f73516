/**
 * The composition root: constructs every part with explicit dependencies and
 * owns one disposal tree. No singletons, no service locator.
 */
import * as vscode from 'vscode';
import { ChartsPanels } from './charts/register';
import { registerCommands } from './commands/register';
import { registerTuneConfig } from './commands/tune-config';
import { StudyQuickFixes } from './lang/actions';
import { COMPLETION_TRIGGERS, StudyCompletions } from './lang/completions';
import { RUNG_LANGUAGE, StudyDiagnostics } from './lang/diagnostics';
import { StudyHovers } from './lang/hovers';
import { StudyServices } from './lang/services';
import { StudySymbols } from './lang/symbols';
import { RunsFeature } from './runs/runs-feature';

export class RungExtension implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  /** Milliseconds from loading the bundle to the end of activation (the activation benchmark reads it). */
  activationMs = 0;
  /** The runs of the workspace, their views and commands (tests read `runs.registry` and `runs.resumeOffers`). */
  readonly runs: RunsFeature;
  readonly charts: ChartsPanels;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Rung', { log: true });
    this.disposables.push(this.log);
    const diagnostics = new StudyDiagnostics(this.log);
    this.disposables.push(diagnostics, ...registerCommands(this.log, diagnostics), registerTuneConfig(context.workspaceState, this.log));
    this.charts = new ChartsPanels(context.extensionUri, this.log);
    this.disposables.push(this.charts);
    this.registerLanguageFeatures();
    this.runs = new RunsFeature(context, this.log);
    this.disposables.push(this.runs);
    context.subscriptions.push(this);
  }

  activated(ms: number): void {
    this.activationMs = ms;
    this.log.info(`Rung activated in ${ms.toFixed(1)} ms`);
  }

  private registerLanguageFeatures(): void {
    const selector: vscode.DocumentSelector = { language: RUNG_LANGUAGE };
    const services = new StudyServices();
    this.disposables.push(
      services,
      vscode.languages.registerCompletionItemProvider(selector, new StudyCompletions(services), ...COMPLETION_TRIGGERS),
      vscode.languages.registerHoverProvider(selector, new StudyHovers(services)),
      vscode.languages.registerDocumentSymbolProvider(selector, new StudySymbols(services), { label: 'Rung study' }),
      vscode.languages.registerCodeActionsProvider(selector, new StudyQuickFixes(services), StudyQuickFixes.metadata),
    );
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
