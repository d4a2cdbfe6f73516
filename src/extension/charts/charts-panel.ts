/**
 * One charts panel on one run. The webview holds no data of its own: after
 * it says `ready` (on first load, and each time it is shown again, since it
 * is not kept alive when hidden) it gets a full snapshot; while it is
 * visible, journal updates are coalesced and sent as patches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { chartPatch, chartSnapshot } from '../../core/report/charts/build';
import { trialDir } from '../../storage/run-folder';
import { parseWebviewMessage, type ChartSelection, type ExtensionMessage, type Tab, type ThemeKind, type WebviewMessage } from '../../protocol/messages';
import { COMMAND_IDS } from '../commands/ids';
import type { TrialRef } from '../runs/runs-tree';
import { chartsHtml } from './html';
import type { RunFeed } from './run-feed';

/** Journal updates arriving faster than this are sent together. */
export const COALESCE_MS = 250;

export interface PanelStart {
  readonly tab: Tab;
  readonly selection: ChartSelection;
}

export class ChartsPanel implements vscode.Disposable {
  private selection: ChartSelection;
  private shownTab: Tab;
  private ready = false;
  private pendingTrials = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  /** Messages sent so far, by type: tests read them to see the panel answer. */
  readonly sent = { snapshot: 0, patch: 0, theme: 0, problem: 0 };

  constructor(readonly panel: vscode.WebviewPanel, readonly feed: RunFeed, extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel, start: PanelStart) {
    this.selection = start.selection;
    this.shownTab = start.tab;
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
    panel.title = `Rung charts: ${feed.study.name ?? feed.run.id}`;
    panel.webview.html = chartsHtml(panel.webview, extensionUri);
    this.disposables.push(
      feed,
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      feed.onDidChange((change) => this.queue(change.trials)),
      panel.onDidChangeViewState(() => {
        // A hidden webview is torn down; the page sends `ready` again when shown.
        if (!panel.visible) this.ready = false;
      }),
      vscode.window.onDidChangeActiveColorTheme((theme) => this.post({ type: 'theme', kind: themeKind(theme.kind) })),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get runDir(): string {
    return this.feed.run.dir;
  }

  /** The tab the page shows, as it last said. */
  get tab(): Tab {
    return this.shownTab;
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn(`Charts: ignored a message the panel does not accept: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    void this.handle(message);
  }

  private async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.selection = { ...m.selection };
        this.shownTab = m.tab;
        this.ready = true;
        this.post({ type: 'theme', kind: themeKind(vscode.window.activeColorTheme.kind) });
        this.sendSnapshot();
        return;
      case 'pickAxes':
        this.selection = { ...this.selection, x: m.x, y: m.y };
        this.sendSnapshot();
        return;
      case 'pickMetric':
        this.selection = { ...this.selection, metric: m.metric };
        this.sendSnapshot();
        return;
      case 'setTab':
        this.shownTab = m.tab;
        return;
      case 'revealTrial':
        return this.trialAction(m.trial, COMMAND_IDS.revealTrial, () => this.explainNoReveal(m.trial));
      case 'openLog':
        return this.trialAction(m.trial, COMMAND_IDS.openTrialLog, () => this.openLogFile(m.trial));
    }
  }

  /** Runs the Runs view's command on a trial of this run, or `fallback` where that command is not registered. */
  private async trialAction(trial: string, command: string, fallback: () => Promise<void>): Promise<void> {
    // Only trials of this run: the id came from the webview.
    if (!this.feed.state.trials.has(trial)) {
      this.log.warn(`Charts: trial ${trial} is not in run ${this.feed.run.id}`);
      return;
    }
    const ref: TrialRef = { runDir: this.runDir, trial };
    const commands = await vscode.commands.getCommands(true);
    if (commands.includes(command)) {
      await vscode.commands.executeCommand(command, ref);
      return;
    }
    await fallback();
  }

  private async explainNoReveal(trial: string): Promise<void> {
    void vscode.window.showInformationMessage(`Rung: trial ${trial} of run ${this.feed.run.id}: the Runs view is not available in this window to reveal it.`);
  }

  private async openLogFile(trial: string): Promise<void> {
    const file = path.join(trialDir(this.runDir, trial), 'log');
    if (!fs.existsSync(file)) {
      const why = this.feed.state.simulated ? 'this run replays a recorded table, so no trial wrote a log' : 'it has not started yet, or its log was removed';
      void vscode.window.showInformationMessage(`Rung: trial ${trial} has no log: ${why}.`);
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
  }

  private queue(trials: ReadonlySet<string>): void {
    for (const t of trials) this.pendingTrials.add(t);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, COALESCE_MS);
  }

  /** Sends what changed since the last message; a hidden panel gets a snapshot when shown instead. */
  flush(): void {
    if (!this.ready) return;
    const trials = this.pendingTrials;
    this.pendingTrials = new Set();
    this.post({ type: 'patch', patch: chartPatch(this.feed.state, this.feed.study, this.selection, Date.now(), trials) });
    this.postProblem();
  }

  private sendSnapshot(): void {
    this.pendingTrials.clear();
    const data = chartSnapshot(this.feed.state, this.feed.study, this.selection, Date.now());
    this.post({ type: 'snapshot', runDir: this.runDir, selection: this.selection, data });
    this.postProblem();
  }

  private postProblem(): void {
    if (this.feed.problem) this.post({ type: 'problem', message: this.feed.problem });
  }

  private post(message: ExtensionMessage): void {
    if (!this.ready) return;
    this.sent[message.type]++;
    void this.panel.webview.postMessage(message);
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
    this.disposed.fire();
    this.disposed.dispose();
  }
}

export function themeKind(kind: vscode.ColorThemeKind): ThemeKind {
  switch (kind) {
    case vscode.ColorThemeKind.Light: return 'light';
    case vscode.ColorThemeKind.HighContrast: return 'high-contrast';
    case vscode.ColorThemeKind.HighContrastLight: return 'high-contrast-light';
    default: return 'dark';
  }
}
