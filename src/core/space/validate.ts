/** The language's front door: text in, study and diagnostics out. */
import { buildStudy } from './build';
import { byPosition, type Diagnostic } from './diagnostic';
import { NO_ENVIRONMENT, type StudyEnvironment } from './environment';
import type { Study } from './model';
import { parseStudyText, type ParsedFile } from './parse';
import { RULES } from './rules';

export interface CheckedStudy {
  readonly file: ParsedFile;
  /** Undefined when the text is not YAML at all. */
  readonly study: Study | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export function checkStudy(text: string, env: StudyEnvironment = NO_ENVIRONMENT): CheckedStudy {
  const file = parseStudyText(text);
  if (!file.doc || file.syntax.some((d) => d.severity === 'error')) {
    // Semantic rules on a broken parse would only add noise; syntax comes first.
    return { file, study: undefined, diagnostics: file.syntax.map((d) => trimmed(d, text)).sort(byPosition) };
  }
  const study = buildStudy(file);
  const diagnostics: Diagnostic[] = [...file.syntax];
  for (const rule of RULES) {
    try {
      diagnostics.push(...rule({ file, doc: file.doc, study, env }));
    } catch (e) {
      // A rule bug must not take the editor down; say so where users will see it.
      diagnostics.push({ code: 'internal', severity: 'error', span: { start: 0, end: 0 }, message: `Internal error in Rung's checks (please report): ${(e as Error).message}` });
    }
  }
  return { file, study, diagnostics: diagnostics.map((d) => trimmed(d, text)).sort(byPosition) };
}

/**
 * YAML ranges of block scalars and block collections run past the value's last
 * line break (and trailing blank lines); a diagnostic ends at the last character
 * that belongs to the value, so it never spills onto the next line.
 */
function trimmed(d: Diagnostic, text: string): Diagnostic {
  let end = d.span.end;
  while (end > d.span.start && /\s/.test(text[end - 1] as string)) end--;
  return end === d.span.end ? d : { ...d, span: { start: d.span.start, end } };
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean => diagnostics.some((d) => d.severity === 'error');
