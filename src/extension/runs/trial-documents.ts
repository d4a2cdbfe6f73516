/**
 * Read-only documents for trials: `rung-log:` shows a trial's log and follows
 * it while open; `rung-trial:` shows a trial's config as YAML. Content
 * providers, so nothing can be edited or asks to be saved.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import type { Trial } from '../../core/journal/state';
import { trialDir } from '../../storage/run-folder';

export const LOG_SCHEME = 'rung-log';
export const CONFIG_SCHEME = 'rung-trial';

/** Logs larger than this show their end: the start of a long log is rarely what one looks for. */
const MAX_SHOWN = 2 * 1024 * 1024;

export function logUri(runDir: string, trial: string): vscode.Uri {
  return vscode.Uri.from({ scheme: LOG_SCHEME, path: `/${path.basename(runDir)}/${trial}.log`, query: new URLSearchParams({ run: runDir, trial }).toString() });
}

export function configUri(runDir: string, trial: string): vscode.Uri {
  return vscode.Uri.from({ scheme: CONFIG_SCHEME, path: `/${path.basename(runDir)}/${trial}.yaml`, query: new URLSearchParams({ run: runDir, trial }).toString() });
}

function target(uri: vscode.Uri): { run: string; trial: string } | undefined {
  const q = new URLSearchParams(uri.query);
  const run = q.get('run');
  const trial = q.get('trial');
  return run && trial ? { run, trial } : undefined;
}

export class TrialLogs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly sizes = new Map<string, number>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, this);
  private readonly timer: NodeJS.Timeout;

  constructor(pollMs: () => number) {
    // Polling the open logs only: a closed log costs nothing.
    const tick = () => {
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.uri.scheme !== LOG_SCHEME || doc.isClosed) continue;
        const file = this.file(doc.uri);
        const size = file ? sizeOf(file) : -1;
        if (size !== this.sizes.get(doc.uri.toString())) this.changed.fire(doc.uri);
      }
    };
    this.timer = setInterval(tick, pollMs());
  }

  private file(uri: vscode.Uri): string | undefined {
    const t = target(uri);
    if (!t) return undefined;
    try {
      return path.join(trialDir(t.run, t.trial), 'log');
    } catch {
      return undefined;
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const file = this.file(uri);
    if (!file) return 'This is not a trial log address.';
    const size = sizeOf(file);
    this.sizes.set(uri.toString(), size);
    if (size < 0) return `No log yet: ${file} does not exist (the trial has not started).`;
    const fd = fs.openSync(file, 'r');
    try {
      const length = Math.min(size, MAX_SHOWN);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      const text = buffer.toString('utf8');
      return size > MAX_SHOWN ? `[the first ${size - length} bytes are not shown; the whole log is ${file}]\n${text}` : text;
    } finally {
      fs.closeSync(fd);
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.registration.dispose();
    this.changed.dispose();
  }
}

export class TrialConfigs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(CONFIG_SCHEME, this);

  constructor(private readonly lookup: (runDir: string, trial: string) => Trial | undefined) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const t = target(uri);
    const trial = t && this.lookup(t.run, t.trial);
    if (!t || !trial) return 'This trial is not in any run of the workspace.';
    return `# ${trial.id} of run ${path.basename(t.run)} (${trial.state})\n${stringify(trial.config)}`;
  }

  dispose(): void {
    this.registration.dispose();
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
}
