import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { replay } from '../../../src/core/journal/reducer';
import { JournalError, JournalFile, JournalVersionError, readJournal } from '../../../src/storage/journal-file';
import { removeDir, tempDir } from '../support/temp';

const first = '{"v":1,"at":1,"type":"run-started","runId":"r","studyFile":"s","seed":1}\n';
const torn = '{"v":1,"at":2,"type":"tri';

describe('journal file', () => {
  let dir: string;
  let file: string;
  let t: number;
  const clock = { now: () => t };
  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, 'journal.jsonl');
    t = 1_000;
  });
  afterEach(() => removeDir(dir));

  it('appends one line per event with the version and the clock time, and reads them back', () => {
    const { journal, events } = JournalFile.open(file, clock);
    assert.deepEqual(events, []);
    const written = journal.append({ type: 'run-started', runId: 'r1', studyFile: 's.rung.yaml', seed: 7 });
    t = 2_000;
    journal.append({ type: 'trial-created', trial: 't1', config: { lr: 0.1 }, bracket: 0, resource: 1 });
    journal.close();
    assert.deepEqual(written, { v: 1, at: 1_000, type: 'run-started', runId: 'r1', studyFile: 's.rung.yaml', seed: 7 });
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
    const back = readJournal(file);
    assert.equal(back.torn, undefined);
    assert.deepEqual(back.events.map((e) => [e.type, e.at]), [['run-started', 1_000], ['trial-created', 2_000]]);
    const state = replay(back.events);
    assert.equal(state.runId, 'r1');
    assert.deepEqual(state.order, ['t1']);
  });

  it('appends a batch with one write, in order', () => {
    const { journal } = JournalFile.open(file, clock);
    const written = journal.appendAll([
      { type: 'run-started', runId: 'r', studyFile: 's', seed: 1 },
      { type: 'engine-started', pid: 3, host: 'h' },
    ]);
    journal.close();
    assert.deepEqual(written.map((e) => e.type), ['run-started', 'engine-started']);
    assert.deepEqual(readJournal(file).events, written);
  });

  it('skips and reports a torn last line', () => {
    fs.writeFileSync(file, first + torn);
    const read = readJournal(file);
    assert.equal(read.events.length, 1);
    assert.deepEqual(read.torn, { offset: first.length, bytes: torn.length });
  });

  it('treats an unreadable complete last line (zero-filled by a crash) as torn', () => {
    fs.writeFileSync(file, first + '\0\0\0\0\n');
    const read = readJournal(file);
    assert.equal(read.events.length, 1);
    assert.equal(read.torn?.offset, first.length);
  });

  it('cuts a torn tail off before appending, so the next event gets a line of its own', () => {
    fs.writeFileSync(file, first + torn);
    const opened = JournalFile.open(file, clock);
    assert.equal(opened.events.length, 1);
    assert.equal(opened.torn?.bytes, torn.length);
    assert.equal(fs.statSync(file).size, first.length);
    opened.journal.append({ type: 'engine-started', pid: 42, host: 'h' });
    opened.journal.close();
    const read = readJournal(file);
    assert.equal(read.torn, undefined);
    assert.deepEqual(read.events.map((e) => e.type), ['run-started', 'engine-started']);
  });

  it('refuses a damaged line in the middle with its line number', () => {
    fs.writeFileSync(file, first + 'not json\n{"v":1,"at":2,"type":"run-ended","reason":"x"}\n');
    assert.throws(() => readJournal(file), (e: unknown) => e instanceof JournalError && /journal\.jsonl line 2 is not a JSON event/.test(e.message));
  });

  it('refuses a journal written by a newer version, saying what to do', () => {
    fs.writeFileSync(file, first + '{"v":2,"at":2,"type":"run-ended","reason":"x"}\n');
    assert.throws(() => readJournal(file), (e: unknown) => e instanceof JournalVersionError && /newer Rung \(journal version 2.*Update Rung/.test(e.message));
    assert.throws(() => JournalFile.open(file, clock), JournalVersionError);
  });

  it('reads a missing journal as empty and creates it on open', () => {
    assert.deepEqual(readJournal(file), { events: [] });
    const { journal } = JournalFile.open(file, clock);
    journal.close();
    assert.equal(fs.existsSync(file), true);
    assert.throws(() => journal.append({ type: 'run-ended', reason: 'x' }), /closed/);
  });
});
