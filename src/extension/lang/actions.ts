/** Quick fixes for study files: the fixes the core's diagnostics carry, as VS Code code actions. */
import * as vscode from 'vscode';
import type { CodeAction } from '../../core/space/services';
import { toRange, toSeverity } from './convert';
import type { StudyServices } from './services';

export class StudyQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly services: StudyServices) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const span = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
    return this.services.for(document).actions(document.getText(), span).map((a) => toAction(document, a, context));
  }
}

function toAction(document: vscode.TextDocument, a: CodeAction, context: vscode.CodeActionContext): vscode.CodeAction {
  const action = new vscode.CodeAction(a.title, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  for (const e of a.edits) edit.replace(document.uri, toRange(document, e.span), e.newText);
  action.edit = edit;
  action.isPreferred = a.preferred === true;
  action.diagnostics = [shownDiagnostic(document, a, context)];
  return action;
}

/** The diagnostic the Problems panel shows for this fix, so that applying the fix resolves it there. */
function shownDiagnostic(document: vscode.TextDocument, a: CodeAction, context: vscode.CodeActionContext): vscode.Diagnostic {
  const range = toRange(document, a.diagnostic.span);
  const shown = context.diagnostics.find((d) => d.source === 'rung' && d.code === a.diagnostic.code && d.range.isEqual(range));
  if (shown) return shown;
  const made = new vscode.Diagnostic(range, a.diagnostic.message, toSeverity(a.diagnostic.severity));
  made.code = a.diagnostic.code;
  made.source = 'rung';
  return made;
}
