/** Live diagnostics for every open study document: on open, as you type (debounced), on save. */
import * as vscode from 'vscode';
import { checkStudy } from '../../core/space/validate';
import { studyEnvironment } from '../../storage/study-environment';
import { toRange, toSeverity } from './convert';

export const RUNG_LANGUAGE = 'rung';

export class StudyDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('rung');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidSaveTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    );
    // Checked right after activation returns, so opening a study never waits on the first check.
    const initial = setTimeout(() => { for (const d of vscode.workspace.textDocuments) this.refresh(d); }, 0);
    this.disposables.push({ dispose: () => clearTimeout(initial) });
  }

  private schedule(document: vscode.TextDocument): void {
    if (document.languageId !== RUNG_LANGUAGE) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    const delay = vscode.workspace.getConfiguration('rung').get<number>('diagnostics.debounceMs', 150);
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); this.refresh(document); }, delay));
  }

  /** Validates `document` now and returns what it published (nothing for other languages). */
  refresh(document: vscode.TextDocument): vscode.Diagnostic[] {
    if (document.languageId !== RUNG_LANGUAGE || document.isClosed) return [];
    const t0 = Date.now();
    const env = document.uri.scheme === 'file' ? studyEnvironment(document.uri.fsPath) : {};
    const { diagnostics } = checkStudy(document.getText(), env);
    const published = diagnostics.map((d) => {
      const diagnostic = new vscode.Diagnostic(toRange(document, d.span), d.message, toSeverity(d.severity));
      diagnostic.code = d.code;
      diagnostic.source = 'rung';
      return diagnostic;
    });
    this.collection.set(document.uri, published);
    this.log.trace(`checked ${document.uri.fsPath} in ${Date.now() - t0} ms: ${diagnostics.length} diagnostic(s)`);
    return published;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
