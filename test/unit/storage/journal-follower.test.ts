import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { RunEvent } from '../../../src/core/journal/events';
import { JournalFile } from '../../../src/storage/journal-file';
import { JournalFollower } from '../../../src/storage/journal-follower';
import { removeDir, tempDir, until } from '../support/temp';

describe('journal follower', () => {
  let dir: string;
  let file: string;
  const clock = { now: () => 5 };
  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, 'journal.jsonl');
  });
  afterEach(() => removeDir(dir));

  it('reads only what was appended since its last read', () => {
    const { journal } = JournalFile.open(file, clock);
    const follower = new JournalFollower(file, { onEvents: () => undefined });
    assert.deepEqual(follower.readNew(), []);
    journal.append({ type: 'run-started', runId: 'r', studyFile: 's', seed: 1 });
    journal.append({ type: 'engine-started', pid: 1, host: 'h' });
    assert.deepEqual(follower.readNew().map((e) => e.type), ['run-started', 'engine-started']);
    assert.deepEqual(follower.readNew(), []);
    journal.append({ type: 'run-ended', reason: 'done' });
    assert.deepEqual(follower.readNew().map((e) => e.type), ['run-ended']);
    assert.equal(follower.position, fs.statSync(file).size);
    journal.close();
  });

  it('holds back a half-written line until its newline arrives', () => {
    const line = JSON.stringify({ v: 1, at: 1, type: 'engine-started', pid: 9, host: 'h' });
    fs.writeFileSync(file, line.slice(0, 20));
    const follower = new JournalFollower(file, { onEvents: () => undefined });
    assert.deepEqual(follower.readNew(), []);
    assert.equal(follower.position, 0);
    fs.appendFileSync(file, line.slice(20));
    assert.deepEqual(follower.readNew(), []);
    fs.appendFileSync(file, '\n');
    const events = follower.readNew();
    assert.equal(events.length, 1);
    assert.equal(events[0]?.type === 'engine-started' && events[0].pid, 9);
  });

  it('delivers appends made by a writer while it follows, including a journal created later', async () => {
    const seen: RunEvent[] = [];
    const follower = new JournalFollower(file, { onEvents: (e) => seen.push(...e), intervalMs: 50 }).start();
    try {
      const { journal } = JournalFile.open(file, clock);
      journal.append({ type: 'run-started', runId: 'r', studyFile: 's', seed: 1 });
      await until(() => seen.length === 1, 'the first event');
      journal.append({ type: 'run-ended', reason: 'done' });
      await until(() => seen.length === 2, 'the second event');
      journal.close();
      assert.deepEqual(seen.map((e) => e.type), ['run-started', 'run-ended']);
    } finally {
      follower.close();
    }
  });

  it('stops with an error on a journal of a newer version', async () => {
    fs.writeFileSync(file, '{"v":3,"at":1,"type":"run-started"}\n');
    let error: Error | undefined;
    const follower = new JournalFollower(file, { onEvents: () => undefined, onError: (e) => (error = e) }).start();
    follower.close();
    assert.match(error?.message ?? '', /newer Rung/);
  });
});
