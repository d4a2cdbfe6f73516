/** Test documents with the cursor marked by `|`. */
import { parseStudyText, type ParsedFile } from '../../../../src/core/space/parse';

export function withCursor(template: string): { text: string; offset: number; file: ParsedFile } {
  const offset = template.indexOf('|');
  if (offset < 0 || template.indexOf('|', offset + 1) >= 0) throw new Error('mark exactly one cursor with |');
  const text = template.slice(0, offset) + template.slice(offset + 1);
  return { text, offset, file: parseStudyText(text) };
}
