/**
 * Read-only documents holding a study's rung plan. A content provider (not an untitled buffer)
 * so the plan cannot be edited by mistake and never asks to be saved.
 */
import * as vscode from 'vscode';

export const PLAN_SCHEME = 'rung-plan';

export class PlanDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly plans = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, this);

  /** Stores the plan of `study` and returns the URI that shows it; reshowing refreshes it. */
  put(study: vscode.Uri, text: string): vscode.Uri {
    const name = study.path.slice(study.path.lastIndexOf('/') + 1);
    const uri = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${name} (plan)`, query: study.toString() });
    this.plans.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.plans.get(uri.toString()) ?? 'This plan is gone; run "Rung: Show Rung Plan" on the study again.';
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
