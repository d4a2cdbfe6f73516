/** Reads a recorded table from disk, with errors that say which file and what to fix. */
import { readFileSync } from 'node:fs';
import { parseTable, TableError, type RecordedTable } from '../../core/table/table';

export function loadTable(path: string): RecordedTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TableError(code === 'ENOENT' ? `table ${path} does not exist (table paths are relative to the study file's folder)` : `cannot read table ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TableError(`table ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseTable(json, path);
}
