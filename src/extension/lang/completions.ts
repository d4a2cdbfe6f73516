/** Completions for study files: maps the core's plain items to VS Code's. */
import * as vscode from 'vscode';
import type { CompletionItem, CompletionKind } from '../../core/space/services';
import { toRange } from './convert';
import type { StudyServices } from './services';

/**
 * `{` opens a placeholder or a flow mapping; a space follows `key:` or `- `.
 * Not `:`: a value inserted right after it would fuse with the key (`searcher:bo`).
 */
export const COMPLETION_TRIGGERS = ['{', ' '];

const KINDS: Readonly<Record<CompletionKind, vscode.CompletionItemKind>> = {
  key: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  distribution: vscode.CompletionItemKind.Function,
  modifier: vscode.CompletionItemKind.Property,
  parameter: vscode.CompletionItemKind.Variable,
  placeholder: vscode.CompletionItemKind.Variable,
  host: vscode.CompletionItemKind.Reference,
  metric: vscode.CompletionItemKind.Constant,
};

export class StudyCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly services: StudyServices) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position, _token: vscode.CancellationToken, context: vscode.CompletionContext): vscode.CompletionItem[] {
    // Spaces that only indent a line must not pop up the key list on every keystroke.
    if (context.triggerCharacter === ' ' && document.lineAt(position.line).text.slice(0, position.character).trim() === '') return [];
    return this.services.for(document).complete(document.getText(), document.offsetAt(position)).map((item, i) => toCompletion(document, item, i));
  }
}

export function toCompletion(document: vscode.TextDocument, item: CompletionItem, order: number): vscode.CompletionItem {
  const c = new vscode.CompletionItem(item.label, KINDS[item.kind]);
  c.insertText = item.snippet ? new vscode.SnippetString(item.insertText) : item.insertText;
  c.range = toRange(document, item.span);
  if (item.detail !== undefined) c.detail = item.detail;
  if (item.filterText !== undefined) c.filterText = item.filterText;
  if (item.documentation !== undefined) c.documentation = new vscode.MarkdownString(item.documentation);
  // The core orders items by relevance (parameters before built-ins); keep that order.
  c.sortText = String(order).padStart(4, '0');
  return c;
}
