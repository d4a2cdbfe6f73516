/** The recorded run fixture (test/fixtures/recorded-run), replayed. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/reducer';
import type { RunState } from '../../../src/core/journal/state';
import { parseJournalLine } from '../../../src/storage/journal-file';

export const RECORDED_RUN_ID = '20261125-152405-8846';
export const RECORDED_RUN_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'recorded-run', RECORDED_RUN_ID);

export function recordedEvents(): RunEvent[] {
  return fs.readFileSync(path.join(RECORDED_RUN_DIR, 'journal.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l, i) => parseJournalLine(l, `line ${i + 1}`));
}

export function recordedState(): RunState {
  return replay(recordedEvents());
}
