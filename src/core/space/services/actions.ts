/** Code actions: the quick fixes that diagnostics already carry, for the diagnostics a span touches. */
import type { Diagnostic, Fix, Span } from '../diagnostic';

export interface CodeAction extends Fix {
  /** The diagnostic the fix resolves. */
  readonly diagnostic: Diagnostic;
}

const overlaps = (a: Span, b: Span): boolean => a.start <= b.end && b.start <= a.end;

export function codeActions(diagnostics: readonly Diagnostic[], span: Span): CodeAction[] {
  return diagnostics
    .filter((d) => d.fixes && overlaps(d.span, span))
    .flatMap((d) => (d.fixes ?? []).map((fix) => ({ ...fix, diagnostic: d })));
}
