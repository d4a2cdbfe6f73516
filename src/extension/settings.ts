/** Reading the `rung.*` settings, with their defaults. */
import * as vscode from 'vscode';
import { SETTING_IDS } from './settings-ids';

export { SETTING_IDS };

function get<T>(id: string, fallback: T): T {
  const dot = id.indexOf('.');
  return vscode.workspace.getConfiguration(id.slice(0, dot)).get<T>(id.slice(dot + 1), fallback);
}

export const settings = {
  pollIntervalMs: (): number => Math.max(50, get(SETTING_IDS.pollIntervalMs, 500)),
  /** Empty: the editor's own runtime (Node in a remote or web host, Electron as Node on desktop). */
  nodePath: (): string => get(SETTING_IDS.nodePath, ''),
  /** Empty: the CLI bundled with the extension. */
  cliPath: (): string => get(SETTING_IDS.cliPath, ''),
  statusBar: (): boolean => get(SETTING_IDS.statusBar, true),
};
