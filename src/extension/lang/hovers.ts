/** Hovers for study files: the core's markdown and span as a VS Code Hover. */
import * as vscode from 'vscode';
import { toRange } from './convert';
import type { StudyServices } from './services';

export class StudyHovers implements vscode.HoverProvider {
  constructor(private readonly services: StudyServices) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const hover = this.services.for(document).hover(document.getText(), document.offsetAt(position));
    return hover ? new vscode.Hover(new vscode.MarkdownString(hover.markdown), toRange(document, hover.span)) : undefined;
  }
}
