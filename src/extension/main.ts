/** Entry point: VS Code calls activate(); everything is wired in one composition root. */
import type * as vscode from 'vscode';
import { RungExtension } from './rung-extension';

/** Set by the bundle's first line (scripts/build.mjs); absent when the sources run unbundled. */
declare const __rungLoadStart: number | undefined;

/**
 * Time spent evaluating the bundle. This module is the bundle's entry, so its
 * top level runs last. The host may wait before calling activate(); that wait
 * is not ours, so activation time is this plus activate() itself, as VS Code's
 * own "activation time" counts load and activate.
 */
const loadMs = typeof __rungLoadStart === 'number' ? performance.now() - __rungLoadStart : 0;

let extension: RungExtension | undefined;

export function activate(context: vscode.ExtensionContext): RungExtension {
  const start = performance.now();
  extension = new RungExtension(context);
  extension.activated(loadMs + (performance.now() - start));
  return extension;
}

export function deactivate(): void {
  extension?.dispose();
  extension = undefined;
}
