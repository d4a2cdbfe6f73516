/** `rung check FILE... [--json]`: the editor's diagnostics in a terminal. */
import * as fs from 'node:fs';
import { decodeStudyBytes } from '../core/space/parse';
import { LineIndex } from '../core/space/line-index';
import { checkStudy } from '../core/space/validate';
import type { Diagnostic } from '../core/space/diagnostic';
import { studyEnvironment } from '../storage/study-environment';
import { parseArgs, UsageError } from './args';
import type { Io } from './io';

export const CHECK_HELP = `Usage: rung check FILE... [--json]

Checks study files and prints one line per problem:
  file:line:col severity code message
With --json, prints a JSON array of {file, line, column, endLine, endColumn,
severity, code, message} (1-based lines and columns).

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error or
unreadable file.`;

export interface FileDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Diagnostic['severity'];
  code: Diagnostic['code'];
  message: string;
}

/** Checks one file on disk; throws only for files that cannot be read. */
export function checkFile(file: string): FileDiagnostic[] {
  const bytes = fs.readFileSync(file);
  const decoded = decodeStudyBytes(bytes);
  const text = 'text' in decoded ? decoded.text : decoded.shown;
  const diagnostics = 'text' in decoded ? checkStudy(text, studyEnvironment(file)).diagnostics : [decoded.problem];
  const lines = new LineIndex(text);
  return diagnostics.map((d) => {
    const s = lines.position(d.span.start);
    const e = lines.position(d.span.end);
    return { file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity: d.severity, code: d.code, message: d.message };
  });
}

export function runCheck(argv: readonly string[], io: Io): number {
  const { positional, flags } = parseArgs(argv, { '--json': 'boolean', '--help': 'boolean', '-h': 'boolean' });
  if (flags['--help'] || flags['-h']) { io.out(CHECK_HELP); return 0; }
  if (positional.length === 0) throw new UsageError('rung check needs at least one FILE');
  const all: FileDiagnostic[] = [];
  let unreadable = false;
  for (const file of positional) {
    try {
      if (fs.statSync(file).isDirectory()) throw new Error('is a folder, not a study file');
      all.push(...checkFile(file));
    } catch (e) {
      unreadable = true;
      io.err(`rung check: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
  }
  if (flags['--json']) io.out(JSON.stringify(all, null, 2));
  else for (const d of all) io.out(`${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
  if (unreadable) return 2;
  return all.some((d) => d.severity === 'error') ? 1 : 0;
}
