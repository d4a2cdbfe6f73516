/**
 * Commands that start, stop and inspect runs. Views never touch a run's
 * journal: stopping goes through the engine's control channel, starting and
 * resuming through the CLI, exactly as from a terminal.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { leaderboard } from '../../core/report/leaderboard';
import { commandLine, resultRecords, resultsCsv } from '../../core/report/export';
import { requestControl } from '../../storage/control';
import { isEngineAlive } from '../../storage/engine-lock';
import { COMMAND_IDS } from '../commands/ids';
import { RUNG_LANGUAGE } from '../lang/diagnostics';
import { checkStudy } from '../../core/space/validate';
import { EngineError, type EngineLauncher } from './engine-launcher';
import { sshHostsOf, trustStudyHosts } from './host-trust';
import type { RunRegistry } from './run-registry';
import type { RunWatcher } from './run-watcher';
import { configUri, logUri } from './trial-documents';
import type { RunsNode, RunsTree, TrialRef } from './runs-tree';

export interface RunCommandParts {
  readonly registry: RunRegistry;
  readonly tree: RunsTree;
  readonly view: vscode.TreeView<RunsNode>;
  readonly launcher: EngineLauncher;
  readonly log: vscode.LogOutputChannel;
}

/** Messages with a "Show log" button: every failure leaves its details in the Rung log. */
export async function showError(log: vscode.LogOutputChannel, message: string): Promise<void> {
  log.error(message);
  const choice = await vscode.window.showErrorMessage(`Rung: ${message}`, 'Show log');
  if (choice === 'Show log') log.show(true);
}

/** Running a study's command needs trust; say so instead of silently doing nothing. */
function trusted(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`Rung: ${action} runs the study's command, which Rung does only in a trusted workspace.`, 'Manage Workspace Trust')
    .then((choice) => { if (choice) void vscode.commands.executeCommand('workbench.trust.manage'); });
  return false;
}

function isTrialRef(v: unknown): v is TrialRef {
  return typeof v === 'object' && v !== null && typeof (v as TrialRef).runDir === 'string' && typeof (v as TrialRef).trial === 'string';
}

function isNode(v: unknown): v is RunsNode {
  return typeof v === 'object' && v !== null && 'kind' in v && 'run' in v;
}

export function registerRunCommands(parts: RunCommandParts): vscode.Disposable[] {
  const { registry, tree, view, launcher, log } = parts;

  const trialRef = (arg: unknown): TrialRef | undefined => {
    if (isTrialRef(arg)) return arg;
    if (isNode(arg) && arg.kind === 'trial') return { runDir: arg.run.folder.dir, trial: arg.trial };
    const selected = view.selection[0];
    if (selected?.kind === 'trial') return { runDir: selected.run.folder.dir, trial: selected.trial };
    return undefined;
  };

  /** The run a command is about: the clicked node's, a {runDir}, the selection's, or the current one. */
  const runOf = (arg: unknown): RunWatcher | undefined => {
    if (isNode(arg)) return arg.run;
    if (typeof arg === 'object' && arg !== null && typeof (arg as { runDir?: unknown }).runDir === 'string') {
      registry.rescan();
      return registry.byDir((arg as { runDir: string }).runDir);
    }
    return view.selection[0]?.run ?? registry.current;
  };

  const workspaceOf = (file: vscode.Uri): string | undefined =>
    (vscode.workspace.getWorkspaceFolder(file) ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;

  const revealRun = async (run: RunWatcher | undefined): Promise<void> => {
    if (!run) return;
    await view.reveal(tree.runNode(run), { select: true, focus: true, expand: true });
  };

  const withErrors = <A extends unknown[], R>(what: string, body: (...args: A) => Promise<R>) => async (...args: A): Promise<R | undefined> => {
    try {
      return await body(...args);
    } catch (e) {
      await showError(log, e instanceof EngineError ? e.message : `${what} failed: ${(e as Error).message}`);
      return undefined;
    }
  };

  return [
    vscode.commands.registerCommand(COMMAND_IDS.run, withErrors('Run', async (arg?: unknown): Promise<string | undefined> => {
      if (!trusted('Run')) return undefined;
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      const document = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (!uri || (document && document.languageId !== RUNG_LANGUAGE) || uri.scheme !== 'file') {
        void vscode.window.showWarningMessage('Rung: open a study file (*.rung.yaml) saved in the workspace to run it.');
        return undefined;
      }
      if (document?.isDirty) await document.save();
      const workspace = workspaceOf(uri);
      if (!workspace) throw new EngineError('Could not start the run: open a folder first; runs live in its .rung/runs/.');
      const study = checkStudy(fs.readFileSync(uri.fsPath, 'utf8')).study;
      const id = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Rung: starting ${path.basename(uri.fsPath)}` }, async (progress) => {
        if (study && sshHostsOf(study).length > 0) {
          progress.report({ message: 'connecting to its SSH hosts' });
          await trustStudyHosts(study, log);
        }
        return launcher.start(uri.fsPath, workspace);
      });
      log.info(`started run ${id} of ${uri.fsPath}`);
      registry.rescan();
      await revealRun(registry.byDir(path.join(workspace, '.rung', 'runs', id)));
      return id;
    })),

    vscode.commands.registerCommand(COMMAND_IDS.resume, withErrors('Resume', async (arg?: unknown): Promise<string | undefined> => {
      if (!trusted('Resume')) return undefined;
      const run = runOf(arg);
      if (!run) return undefined;
      if (isEngineAlive(run.folder.dir)) {
        void vscode.window.showInformationMessage(`Rung: the engine of ${run.id} is running already.`);
        return run.id;
      }
      const workspace = path.dirname(path.dirname(path.dirname(run.folder.dir)));
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Rung: resuming ${run.id}` }, async (progress) => {
        if (run.study && sshHostsOf(run.study).length > 0) {
          progress.report({ message: 'connecting to its SSH hosts' });
          await trustStudyHosts(run.study, log);
        }
        return launcher.resume(run.folder.dir, workspace);
      });
      log.info(`resumed run ${run.id}`);
      return run.id;
    })),

    vscode.commands.registerCommand(COMMAND_IDS.stopRun, withErrors('Stop run', async (arg?: unknown): Promise<boolean> => {
      if (!trusted('Stop')) return false;
      const run = runOf(arg);
      if (!run) return false;
      if (!isEngineAlive(run.folder.dir)) {
        void vscode.window.showInformationMessage(`Rung: no engine is running ${run.id}; there is nothing to stop.`);
        return false;
      }
      requestControl(run.folder.dir, { request: 'stop-run' });
      log.info(`asked the engine of ${run.id} to stop the run`);
      return true;
    })),

    vscode.commands.registerCommand(COMMAND_IDS.stopTrial, withErrors('Stop trial', async (arg?: unknown): Promise<boolean> => {
      if (!trusted('Stop')) return false;
      const ref = trialRef(arg);
      if (!ref) return false;
      if (!isEngineAlive(ref.runDir)) {
        void vscode.window.showWarningMessage(`Rung: no engine is running ${path.basename(ref.runDir)}, so nothing would stop ${ref.trial}. Resume the run first.`);
        return false;
      }
      const state = registry.byDir(ref.runDir)?.state.trials.get(ref.trial)?.state;
      if (state !== undefined && state !== 'running' && state !== 'pending') {
        void vscode.window.showInformationMessage(`Rung: ${ref.trial} is ${state}, not running; there is nothing to stop.`);
        return false;
      }
      requestControl(ref.runDir, { request: 'stop-trial', trial: ref.trial });
      log.info(`asked the engine of ${path.basename(ref.runDir)} to stop ${ref.trial}`);
      return true;
    })),

    vscode.commands.registerCommand(COMMAND_IDS.openTrialLog, withErrors('Open trial log', async (arg?: unknown): Promise<vscode.Uri | undefined> => {
      const ref = trialRef(arg);
      if (!ref) return undefined;
      const uri = logUri(ref.runDir, ref.trial);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
      return uri;
    })),

    vscode.commands.registerCommand(COMMAND_IDS.revealTrial, withErrors('Reveal trial', async (arg?: unknown): Promise<boolean> => {
      const ref = trialRef(arg);
      if (!ref) return false;
      registry.rescan();
      const node = tree.trialNode(ref.runDir, ref.trial);
      if (!node) {
        void vscode.window.showWarningMessage(`Rung: ${ref.trial} is not in any run of this workspace.`);
        return false;
      }
      // A run the rescan just found reaches the view over its next refreshes (runs, then rungs, then
      // trials, 250 ms apart): until then VS Code cannot resolve the trial's row, so try again.
      for (let attempt = 1; ; attempt++) {
        try {
          await view.reveal(node, { select: true, focus: true, expand: true });
          return true;
        } catch (e) {
          if (attempt === 8) throw e;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    })),

    vscode.commands.registerCommand(COMMAND_IDS.revealTrialConfig, withErrors('Reveal trial config', async (arg?: unknown): Promise<vscode.Uri | undefined> => {
      const ref = trialRef(arg);
      if (!ref) return undefined;
      const uri = configUri(ref.runDir, ref.trial);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
      return uri;
    })),

    vscode.commands.registerCommand(COMMAND_IDS.revealRun, withErrors('Reveal run', async (arg?: unknown) => revealRun(runOf(arg)))),

    vscode.commands.registerCommand(COMMAND_IDS.refreshRuns, () => registry.rescan()),

    vscode.commands.registerCommand(COMMAND_IDS.copyBestConfig, withErrors('Copy best config', async (arg?: unknown, format?: unknown): Promise<string | undefined> => {
      const run = runOf(arg);
      const objective = run?.shape.objective;
      if (!run || !objective) return undefined;
      const best = leaderboard(run.state, objective, 1)[0];
      if (!best) {
        void vscode.window.showInformationMessage(`Rung: no trial of ${run.id} has reported ${objective.name} yet.`);
        return undefined;
      }
      const template = run.study?.command?.text;
      const choice = format === 'yaml' || format === 'command' ? format : (await vscode.window.showQuickPick([
        { label: 'YAML', format: 'yaml' as const, description: 'the parameters, one per line' },
        ...(template ? [{ label: 'Command line', format: 'command' as const, description: 'the study\'s command at the full budget' }] : []),
      ], { title: `Copy the best config of ${run.id} (${best.trial}, ${objective.name} ${best.value})` }))?.format;
      if (!choice) return undefined;
      const text = choice === 'command' && template ? commandLine(template, best.config, run.study?.scheduler.max ?? best.resource) : stringify(best.config);
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(`Rung: copied ${best.trial}'s config (${choice === 'command' ? 'command line' : 'YAML'}).`);
      return text;
    })),

    vscode.commands.registerCommand(COMMAND_IDS.exportResults, withErrors('Export results', async (arg?: unknown, target?: unknown): Promise<vscode.Uri | undefined> => {
      const run = runOf(arg);
      if (!run) return undefined;
      const folder = path.dirname(path.dirname(path.dirname(run.folder.dir)));
      const uri = target instanceof vscode.Uri ? target : await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(path.join(folder, `${run.id}-results.csv`)),
        filters: { CSV: ['csv'], JSON: ['json'] },
        title: `Export the results of ${run.id}`,
      });
      if (!uri) return undefined;
      const objectives = (run.study?.objectives ?? []).filter((o) => !o.builtin).map((o) => o.name);
      const records = resultRecords(run.state, objectives);
      const text = uri.path.endsWith('.json') ? JSON.stringify(records, null, 2) + '\n' : resultsCsv(records, objectives, run.shape.resourceName);
      fs.writeFileSync(uri.fsPath, text);
      void vscode.window.showInformationMessage(`Rung: exported ${records.length} trials to ${path.basename(uri.fsPath)}.`);
      return uri;
    })),
  ];
}
