/** Entry point: VS Code calls activate(); everything is wired in one composition root. */
import type * as vscode from 'vscode';
import { RungExtension } from './rung-extension';

let extension: RungExtension | undefined;

export function activate(context: vscode.ExtensionContext): RungExtension {
  extension = new RungExtension(context);
  return extension;
}

export function deactivate(): void {
  extension?.dispose();
  extension = undefined;
}
