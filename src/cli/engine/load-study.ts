/** Reads and checks a study file for the engine: a run never starts from a study with errors. */
import * as fs from 'node:fs';
import { decodeStudyBytes } from '../../core/space/parse';
import { LineIndex } from '../../core/space/line-index';
import type { Study } from '../../core/space/model';
import { checkStudy } from '../../core/space/validate';
import { studyEnvironment } from '../../storage/study-environment';

export class StudyError extends Error {}

export interface LoadedStudy {
  readonly study: Study;
  readonly text: string;
}

/**
 * `file` names where relative paths resolve (base_config, table); `text`
 * defaults to its contents (a run folder's snapshot passes its own).
 */
export function loadStudy(file: string, text?: string): LoadedStudy {
  let source = text;
  if (source === undefined) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      throw new StudyError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    const decoded = decodeStudyBytes(bytes);
    if (!('text' in decoded)) throw new StudyError(`${file}: ${decoded.problem.message}`);
    source = decoded.text;
  }
  const { study, diagnostics } = checkStudy(source, studyEnvironment(file));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!study || errors.length > 0) {
    const lines = new LineIndex(source);
    const listed = errors.slice(0, 10).map((d) => {
      const p = lines.position(d.span.start);
      return `  ${file}:${p.line + 1}:${p.character + 1} ${d.code} ${d.message}`;
    });
    throw new StudyError(`${file} has ${errors.length} error(s); fix them first (rung check ${file}):\n${listed.join('\n')}`);
  }
  return { study, text: source };
}
