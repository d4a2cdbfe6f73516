import type { Document } from 'yaml';
import type { Diagnostic } from '../diagnostic';
import type { StudyEnvironment } from '../environment';
import type { Study } from '../model';
import type { ParsedFile } from '../parse';

/** Everything a rule may look at. Rules are plain functions: context in, diagnostics out. */
export interface RuleContext {
  readonly file: ParsedFile;
  readonly doc: Document;
  readonly study: Study;
  readonly env: StudyEnvironment;
}

export type Rule = (ctx: RuleContext) => Diagnostic[];
