/**
 * Diagnostics as plain data. Ranges are UTF-16 offsets into the file's text so
 * that every host (CLI, editor) converts them with the same LineIndex.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix a user would almost always want; editors may apply it with one key. */
  readonly preferred?: boolean;
}

/** Codes from the language contract; tests and users rely on them, so add, never rename. */
export type DiagnosticCode =
  | 'yaml-syntax'
  | 'unknown-key'
  | 'missing-key'
  | 'wrong-type'
  | 'bad-distribution'
  | 'bounds-order'
  | 'log-nonpositive'
  | 'step-too-large'
  | 'empty-choice'
  | 'duplicate-choice'
  | 'duplicate-key'
  | 'cluster-templates'
  | 'undefined-placeholder'
  | 'unused-parameter'
  | 'bad-condition'
  | 'condition-cycle'
  | 'no-objective'
  | 'bad-mode'
  | 'bad-pattern'
  | 'asha-budget'
  | 'asha-needs-resource'
  | 'grid-infinite'
  | 'hosts-and-slurm'
  | 'unknown-host'
  | 'base-config-missing'
  | 'base-config-key'
  | 'budget-unit'
  | 'energy-range'
  // Codes Rung adds beyond the contract's table.
  | 'not-text'
  | 'file-too-large'
  | 'bad-name'
  | 'stray-brace'
  | 'bad-value'
  | 'table-missing'
  | 'internal';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly fixes?: readonly Fix[];
}

export function diagnostic(
  code: DiagnosticCode,
  severity: Severity,
  span: Span,
  message: string,
  fixes?: readonly Fix[],
): Diagnostic {
  return fixes && fixes.length > 0 ? { code, severity, span, message, fixes } : { code, severity, span, message };
}

export const error = (code: DiagnosticCode, span: Span, message: string, fixes?: readonly Fix[]): Diagnostic =>
  diagnostic(code, 'error', span, message, fixes);

export const warning = (code: DiagnosticCode, span: Span, message: string, fixes?: readonly Fix[]): Diagnostic =>
  diagnostic(code, 'warning', span, message, fixes);

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code);
}
