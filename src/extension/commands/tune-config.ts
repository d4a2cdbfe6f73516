/**
 * "Tune This Config": from a YAML or JSON training config to a study beside it.
 * It only writes a file and never runs anything, so it is safe in untrusted workspaces.
 */
import * as vscode from 'vscode';
import { ConfigError, proposeSpace, studyName, studyText, type Proposal } from '../../core/space/generate';
import { checkStudy, hasErrors } from '../../core/space/validate';
import { studyEnvironment } from '../../storage/study-environment';
import { COMMAND_IDS } from './ids';

/**
 * For tests and automation: `executeCommand('rung.tuneConfig', configUri, options)` skips the
 * prompts that options answer. `keys` are the dotted keys to search (instead of the QuickPick),
 * `command` the training command (instead of the InputBox), `overwrite` whether to replace an
 * existing study without asking (false: keep it and stop).
 */
export interface TuneConfigOptions {
  readonly keys?: readonly string[];
  readonly command?: string;
  readonly overwrite?: boolean;
}

const COMMAND_STATE_KEY = 'rung.tuneConfig.command';
const DEFAULT_COMMAND = 'python train.py --config {config}';

const fileName = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf('/') + 1);
const validCommand = (text: string): string | undefined =>
  text.includes('{config}') ? undefined : 'The command must contain {config}: each trial\'s copy of the config, with the sampled values written in.';

/** A failure the user can act on, shown as it is; anything else is logged as unexpected. */
class Refusal extends Error {}

export function registerTuneConfig(state: vscode.Memento, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND_IDS.tuneConfig, async (target?: unknown, options?: unknown): Promise<vscode.Uri | undefined> => {
    // The explorer passes (clicked, selected[]); the editor title and context menus pass (uri).
    const config = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    const given = isOptions(options) ? options : {};
    if (!config) {
      void vscode.window.showWarningMessage('Rung: open a YAML or JSON training config, or right-click one in the Explorer, to tune it.');
      return undefined;
    }
    try {
      return await tune(config, given, state, log);
    } catch (e) {
      const message = e instanceof ConfigError || e instanceof Refusal ? e.message : `unexpected error: ${(e as Error).message}`;
      log.error(`Tune This Config on ${config.toString()}: ${message}`);
      // Not awaited: the command returns now, whether or not the toast is ever dismissed.
      void vscode.window.showErrorMessage(`Rung: cannot tune ${fileName(config)}: ${message}`, 'Show Log').then((action) => {
        if (action === 'Show Log') log.show(true);
      });
      return undefined;
    }
  });
}

function isOptions(value: unknown): value is TuneConfigOptions {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function tune(config: vscode.Uri, options: TuneConfigOptions, state: vscode.Memento, log: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  const baseName = fileName(config);
  // The open document, when there is one, so unsaved edits count.
  const text = (await vscode.workspace.openTextDocument(config)).getText();
  const proposals = proposeSpace(text, /\.json$/i.test(baseName) ? 'json' : 'yaml');
  if (proposals.length === 0) throw new Refusal('it has no numbers, switches or known settings to search (only lists, paths and names).');

  const picked = options.keys ? chosen(proposals, options.keys) : await pickKeys(proposals, baseName);
  if (!picked) return undefined;
  if (picked.length === 0) throw new Refusal('no key was picked; pick at least one to search.');

  const command = options.command ?? await askCommand(state);
  if (command === undefined) return undefined;
  const invalid = validCommand(command);
  if (invalid) throw new Refusal(invalid);
  await state.update(COMMAND_STATE_KEY, command);

  const study = vscode.Uri.joinPath(config, '..', `${studyName(baseName)}.rung.yaml`);
  if (await exists(study) && !await mayReplace(study, options.overwrite)) return undefined;

  const content = studyText(picked, baseName, command);
  if (study.scheme === 'file') {
    // The generator's promise, checked the way the editor will check the file once open.
    const found = checkStudy(content, studyEnvironment(study.fsPath)).diagnostics;
    if (hasErrors(found)) log.warn(`The study written for ${baseName} has problems: ${found.map((d) => `${d.code}: ${d.message}`).join('; ')}`);
  }
  await vscode.workspace.fs.writeFile(study, new TextEncoder().encode(content));
  log.info(`Tune This Config wrote ${study.toString()} searching ${picked.map((p) => p.key).join(', ')}`);
  await vscode.window.showTextDocument(study);
  void vscode.window.showInformationMessage(
    `Rung: ${fileName(study)} searches ${picked.length} key${picked.length === 1 ? '' : 's'} of ${baseName}. Make the training script print rung: {"loss": ...} so trials can be compared.`,
  );
  return study;
}

function chosen(proposals: readonly Proposal[], keys: readonly string[]): Proposal[] {
  const unknown = keys.filter((k) => !proposals.some((p) => p.key === k));
  if (unknown.length > 0) throw new Refusal(`${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the keys Rung can search (${proposals.map((p) => p.key).join(', ')}).`);
  return proposals.filter((p) => keys.includes(p.key));
}

interface ProposalItem extends vscode.QuickPickItem { readonly proposal: Proposal }

async function pickKeys(proposals: readonly Proposal[], baseName: string): Promise<Proposal[] | undefined> {
  const items: ProposalItem[] = proposals.map((p) => ({
    label: p.key,
    description: `${p.parameter}   now ${String(p.current)}`,
    detail: p.reason,
    picked: p.pickedByDefault,
    proposal: p,
  }));
  const selected = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: `Tune ${baseName}: keys to search`,
    placeHolder: 'Recommended keys are picked; Enter accepts',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return selected?.map((item) => item.proposal);
}

async function askCommand(state: vscode.Memento): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Training command',
    prompt: '{config} is each trial\'s copy of the config; add {trial_dir} for its output folder',
    value: state.get<string>(COMMAND_STATE_KEY) ?? DEFAULT_COMMAND,
    validateInput: validCommand,
    ignoreFocusOut: true,
  });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function mayReplace(study: vscode.Uri, overwrite: boolean | undefined): Promise<boolean> {
  if (overwrite !== undefined) {
    if (!overwrite) void vscode.window.showInformationMessage(`Rung: ${fileName(study)} already exists; left as it is.`);
    return overwrite;
  }
  const answer = await vscode.window.showWarningMessage(`${fileName(study)} already exists. Replace it with a new study?`, { modal: true }, 'Replace');
  return answer === 'Replace';
}
