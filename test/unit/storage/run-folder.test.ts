import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { assertSafeName, createRunFolder, isRunId, listRuns, newRunId, trialDir } from '../../../src/storage/run-folder';
import { removeDir, tempDir } from '../support/temp';

describe('run folder', () => {
  let ws: string;
  beforeEach(() => (ws = tempDir()));
  afterEach(() => removeDir(ws));

  it('names runs by UTC start time, so names sort by age', () => {
    const a = newRunId(Date.UTC(2026, 10, 25, 13, 5, 1), () => 'ab12');
    assert.equal(a, '20261125-130501-ab12');
    assert.equal(isRunId(a), true);
    const b = newRunId(Date.UTC(2026, 10, 25, 13, 5, 2));
    assert.ok(a < b);
    assert.equal(isRunId('notes'), false);
  });

  it('creates distinct runs in the same second, with a snapshot of the study, and lists them oldest first', () => {
    const now = Date.UTC(2026, 0, 2, 3, 4, 5);
    const runs = Array.from({ length: 5 }, (_, i) => createRunFolder(ws, `name: s${i}\n`, now + i * 1000));
    assert.equal(new Set(runs.map((r) => r.id)).size, 5);
    assert.equal(fs.readFileSync(runs[2]!.study, 'utf8'), 'name: s2\n');
    assert.equal(fs.statSync(runs[0]!.trials).isDirectory(), true);
    fs.mkdirSync(path.join(ws, '.rung', 'runs', 'scratch'));
    assert.deepEqual(listRuns(ws).map((r) => r.id), runs.map((r) => r.id));
    assert.equal(listRuns(path.join(ws, 'nowhere')).length, 0);
    assert.equal(path.basename(listRuns(ws)[0]!.journal), 'journal.jsonl');
  });

  it('keeps trial folders inside the run', () => {
    assert.equal(trialDir('/r', 't-01'), path.join('/r', 'trials', 't-01'));
    assert.throws(() => trialDir('/r', '../x'), /Invalid trial id/);
    assert.throws(() => assertSafeName('launch id', 'a/b'), /Invalid launch id "a\/b"/);
  });
});
