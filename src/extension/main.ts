/** Entry point: VS Code calls activate(); everything is wired in one composition root. */
import type * as vscode from 'vscode';
import { RungExtension } from './rung-extension';

/** Set by the bundle's first line (scripts/build.mjs); absent when the sources run unbundled. */
declare const __rungLoadStart: number | undefined;

let extension: RungExtension | undefined;

export function activate(context: vscode.ExtensionContext): RungExtension {
  const start = typeof __rungLoadStart === 'number' ? __rungLoadStart : performance.now();
  extension = new RungExtension(context);
  extension.activated(performance.now() - start);
  return extension;
}

export function deactivate(): void {
  extension?.dispose();
  extension = undefined;
}
