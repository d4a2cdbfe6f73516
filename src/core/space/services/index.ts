/**
 * The language service of study files: plain data in and out, so that the
 * editor adapters, the CLI and the tests share one implementation (the shape
 * of yaml-language-server's getLanguageService).
 */
import { buildStudy } from '../build';
import type { Diagnostic, Span } from '../diagnostic';
import type { Study } from '../model';
import { NO_ENVIRONMENT, type StudyEnvironment } from '../environment';
import { checkStudy, type CheckedStudy } from '../validate';
import { codeActions, type CodeAction } from './actions';
import { completeAt, type CompletionItem } from './completion';
import { hoverAt, type Hover } from './hover';
import { documentSymbols, type StudySymbol } from './symbols';

export type { CodeAction } from './actions';
export type { CompletionItem, CompletionKind } from './completion';
export type { Hover } from './hover';
export type { StudySymbol, SymbolKind } from './symbols';

export interface LanguageService {
  complete(text: string, offset: number): CompletionItem[];
  hover(text: string, offset: number): Hover | undefined;
  symbols(text: string): StudySymbol[];
  actions(text: string, span: Span): CodeAction[];
  diagnostics(text: string): readonly Diagnostic[];
}

export function createLanguageService(env: StudyEnvironment = NO_ENVIRONMENT): LanguageService {
  // Editors ask for hover, symbols and actions on the same text in a row; check it once.
  let last: (CheckedStudy & { readonly model: Study | undefined }) | undefined;
  const check = (text: string) => {
    if (last?.file.text !== text) {
      const checked = checkStudy(text, env);
      // A syntax error elsewhere must not blank out hovers: the lenient builder still reads what parsed.
      const model = checked.study ?? (checked.file.doc ? buildStudy(checked.file) : undefined);
      last = { ...checked, model };
    }
    return last;
  };
  return {
    complete: (text, offset) => { const c = check(text); return completeAt(c.file, offset, env, c.model); },
    hover: (text, offset) => { const c = check(text); return hoverAt(c.file, offset, c.model); },
    symbols: (text) => { const c = check(text); return documentSymbols(c.file, c.model); },
    actions: (text, span) => codeActions(check(text).diagnostics, span),
    diagnostics: (text) => check(text).diagnostics,
  };
}
