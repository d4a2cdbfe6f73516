/** One language service per open study document, with that document's environment (files beside it, ~/.ssh/config). */
import * as vscode from 'vscode';
import { createLanguageService, type LanguageService } from '../../core/space/services';
import { studyEnvironment } from '../../storage/study-environment';

export class StudyServices implements vscode.Disposable {
  private readonly services = new Map<string, LanguageService>();
  private readonly closing: vscode.Disposable;

  constructor() {
    // The environment reads ~/.ssh/config once per opened document; reopening picks up edits to it.
    this.closing = vscode.workspace.onDidCloseTextDocument((d) => this.services.delete(d.uri.toString()));
  }

  for(document: vscode.TextDocument): LanguageService {
    const key = document.uri.toString();
    let service = this.services.get(key);
    if (!service) {
      service = createLanguageService(document.uri.scheme === 'file' ? studyEnvironment(document.uri.fsPath) : {});
      this.services.set(key, service);
    }
    return service;
  }

  dispose(): void {
    this.closing.dispose();
    this.services.clear();
  }
}
