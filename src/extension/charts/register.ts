/**
 * `rung.showCharts [runDir]` and the serializer that brings charts panels
 * back after a window reload. One panel per run: asking again reveals it.
 * Each panel follows its run through a RunFeed; by default its own journal
 * follower, or whatever `feedFor` gives (a watcher the Runs view already has).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isRunId, listRuns } from '../../storage/run-folder';
import { CHARTS_VIEW_TYPE, parsePanelState } from '../../protocol/messages';
import { COMMAND_IDS } from '../commands/ids';
import { ChartsPanel, type PanelStart } from './charts-panel';
import { followRun, type RunFeed } from './run-feed';

export class ChartsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ChartsPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel, private readonly feedFor: (runDir: string) => RunFeed = (runDir) => followRun(runDir)) {
    this.disposables.push(
      vscode.commands.registerCommand(COMMAND_IDS.showCharts, (arg?: unknown) => this.show(arg)),
      vscode.window.registerWebviewPanelSerializer(CHARTS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, raw) => {
          const state = parsePanelState(raw);
          const runDir = state && checkRunDir(state.runDir);
          if (!state || typeof runDir !== 'string') {
            panel.dispose();
            return;
          }
          this.attach(panel, runDir, { tab: state.tab, selection: state.selection });
        },
      }),
    );
  }

  /** The open panel of a run, if any (tests and the Runs view use it). */
  panelFor(runDir: string): ChartsPanel | undefined {
    return this.panels.get(path.resolve(runDir));
  }

  /** Opens (or reveals) the charts of `arg` (a run folder path, a Uri or `{ runDir }`), or of a run picked from the workspace. */
  async show(arg?: unknown): Promise<ChartsPanel | undefined> {
    const given = runDirOf(arg);
    const runDir = given ?? (await pickRun());
    if (runDir === undefined) return undefined;
    const checked = checkRunDir(runDir);
    if (typeof checked !== 'string') {
      void vscode.window.showErrorMessage(`Rung: cannot show charts: ${checked.problem}`);
      return undefined;
    }
    const open = this.panels.get(checked);
    if (open) {
      open.reveal();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(CHARTS_VIEW_TYPE, 'Rung charts', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')] });
    return this.attach(panel, checked, { tab: 'pareto', selection: {} });
  }

  private attach(panel: vscode.WebviewPanel, runDir: string, start: PanelStart): ChartsPanel {
    const charts = new ChartsPanel(panel, this.feedFor(runDir), this.extensionUri, this.log, start);
    this.panels.set(runDir, charts);
    charts.onDidDispose(() => this.panels.delete(runDir));
    return charts;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.panel.dispose();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}

function runDirOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { runDir?: unknown }).runDir === 'string') return (arg as { runDir: string }).runDir;
  // A node of the Runs view (a run, rung or trial): its run's folder.
  const folder = (arg as { run?: { folder?: { dir?: unknown } } } | null)?.run?.folder?.dir;
  return typeof folder === 'string' ? folder : undefined;
}

/** A run folder: named like a run id and holding a journal. The path may come from a restored webview, so it is checked. */
function checkRunDir(dir: string): string | { problem: string } {
  const resolved = path.resolve(dir);
  if (!isRunId(path.basename(resolved))) return { problem: `${dir} is not a run folder (.rung/runs/<run-id>)` };
  if (!fs.existsSync(path.join(resolved, 'journal.jsonl'))) return { problem: `${dir} has no journal.jsonl: the run never started, or the folder was moved` };
  return resolved;
}

async function pickRun(): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const runs = folders.flatMap((f) => listRuns(f.uri.fsPath).map((run) => ({ run, folder: f })));
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('Rung: no runs in this workspace yet. Start one with "Run" on a study file; its charts open from here.');
    return undefined;
  }
  const items = runs.reverse().map(({ run, folder }) => ({ label: run.id, description: studyName(run.study), detail: folders.length > 1 ? folder.name : undefined, runDir: run.dir }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Rung: show charts of run', placeHolder: 'newest first', matchOnDescription: true });
  return picked?.runDir;
}

/** The study's `name:` for the quick pick, read cheaply (the first matching line of the snapshot). */
function studyName(file: string): string | undefined {
  try {
    return /^name:\s*(.+)$/m.exec(fs.readFileSync(file, 'utf8'))?.[1]?.trim();
  } catch {
    return undefined;
  }
}
