/** What the extension-host suites share: the test workspace, the CLI as the contract, and waiting. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'rung-tools.rung';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder (test/e2e/fixtures/workspace copied to a scratch folder)');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openInEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

/** One diagnostic as `rung check --json` prints it (1-based lines and columns). */
export interface CliDiagnostic { line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }

/** Runs the bundled CLI on a file saved on disk, the way a user would in a terminal. */
function cli(command: 'check' | 'plan', file: vscode.Uri): string {
  const cliPath = path.join(extension().extensionPath, 'dist', 'cli.js');
  const args = command === 'check' ? ['check', '--json', file.fsPath] : ['plan', file.fsPath];
  // The extension host's own runtime: Node in code-server; Electron on desktop, hence ELECTRON_RUN_AS_NODE.
  const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (result.status === null || result.status > 1) throw new Error(`rung ${command} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

export function cliCheck(file: vscode.Uri): CliDiagnostic[] {
  return (JSON.parse(cli('check', file)) as (CliDiagnostic & { file: string })[]).map(({ file: _file, ...d }) => d);
}

export function cliPlan(file: vscode.Uri): string {
  return cli('plan', file).trimEnd();
}

const SEVERITY = ['error', 'warning', 'info', 'hint'];

/** The editor's diagnostics in the CLI's shape, sorted as the CLI sorts (by position). */
export function editorDiagnostics(uri: vscode.Uri): CliDiagnostic[] {
  return vscode.languages.getDiagnostics(uri)
    .filter((d) => d.source === 'rung')
    .map((d) => ({
      line: d.range.start.line + 1, column: d.range.start.character + 1,
      endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
      severity: SEVERITY[d.severity] ?? String(d.severity), code: String(d.code), message: d.message,
    }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Polls until `probe` returns a value other than undefined; the editor updates asynchronously. */
export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
