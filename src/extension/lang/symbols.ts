/** The outline of a study file: core symbols as VS Code DocumentSymbols. */
import * as vscode from 'vscode';
import type { StudySymbol, SymbolKind } from '../../core/space/services';
import { toRange } from './convert';
import type { StudyServices } from './services';

const KINDS: Readonly<Record<SymbolKind, vscode.SymbolKind>> = {
  section: vscode.SymbolKind.Namespace,
  key: vscode.SymbolKind.Property,
  parameter: vscode.SymbolKind.Variable,
  objective: vscode.SymbolKind.Event,
  host: vscode.SymbolKind.Object,
};

export class StudySymbols implements vscode.DocumentSymbolProvider {
  constructor(private readonly services: StudyServices) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    return this.services.for(document).symbols(document.getText()).map((s) => toSymbol(document, s));
  }
}

function toSymbol(document: vscode.TextDocument, s: StudySymbol): vscode.DocumentSymbol {
  const symbol = new vscode.DocumentSymbol(s.name, s.detail, KINDS[s.kind], toRange(document, s.span), toRange(document, s.selectionSpan));
  symbol.children = s.children.map((c) => toSymbol(document, c));
  return symbol;
}
