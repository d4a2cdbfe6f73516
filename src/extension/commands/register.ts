/** The commands package.json declares, bound to the parts that do the work. */
import * as vscode from 'vscode';
import { studyPlan } from '../../core/schedule/study-plan';
import { checkStudy } from '../../core/space/validate';
import { studyEnvironment } from '../../storage/study-environment';
import { RUNG_LANGUAGE, type StudyDiagnostics } from '../lang/diagnostics';
import { COMMAND_IDS } from './ids';
import { PlanDocuments } from './plan-documents';

/** What `rung.check` found, returned so callers (and tests) need not read the toast. */
export interface CheckCounts { readonly errors: number; readonly warnings: number; readonly information: number }

function activeStudy(action: string): vscode.TextDocument | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (document?.languageId === RUNG_LANGUAGE) return document;
  void vscode.window.showWarningMessage(`Rung: open a study file (*.rung.yaml) to ${action} it.`);
  return undefined;
}

const fileName = (document: vscode.TextDocument): string => document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function registerCommands(log: vscode.LogOutputChannel, diagnostics: StudyDiagnostics): vscode.Disposable[] {
  const plans = new PlanDocuments();
  return [
    plans,
    vscode.commands.registerCommand(COMMAND_IDS.showLog, () => log.show(true)),

    vscode.commands.registerCommand(COMMAND_IDS.check, (): CheckCounts | undefined => {
      const document = activeStudy('check');
      if (!document) return undefined;
      const found = diagnostics.refresh(document);
      const count = (s: vscode.DiagnosticSeverity) => found.filter((d) => d.severity === s).length;
      const counts = { errors: count(vscode.DiagnosticSeverity.Error), warnings: count(vscode.DiagnosticSeverity.Warning), information: count(vscode.DiagnosticSeverity.Information) };
      const summary = found.length === 0 ? 'no problems' : `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`;
      void vscode.window.showInformationMessage(`Rung: ${fileName(document)}: ${summary}.`);
      return counts;
    }),

    vscode.commands.registerCommand(COMMAND_IDS.showPlan, async (): Promise<vscode.Uri | undefined> => {
      const document = activeStudy('plan');
      if (!document) return undefined;
      const env = document.uri.scheme === 'file' ? studyEnvironment(document.uri.fsPath) : {};
      const plan = studyPlan(checkStudy(document.getText(), env));
      if (plan.kind !== 'plan') {
        const why = plan.kind === 'unparsed' ? 'it does not parse; see the Problems panel' : plan.message;
        void vscode.window.showErrorMessage(`Rung: no plan for ${fileName(document)}: ${why}`);
        return undefined;
      }
      const uri = plans.put(document.uri, plan.text);
      await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      return uri;
    }),
  ];
}
