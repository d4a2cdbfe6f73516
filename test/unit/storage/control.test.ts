import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ControlReader, requestControl } from '../../../src/storage/control';
import { removeDir, tempDir } from '../support/temp';

describe('control channel', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('hands the engine each request once, in order', () => {
    const reader = new ControlReader(dir);
    assert.deepEqual(reader.read(), { requests: [], rejected: [] });
    requestControl(dir, { request: 'stop-trial', trial: 't3' }, 10);
    requestControl(dir, { request: 'stop-run' }, 11);
    assert.deepEqual(reader.read().requests, [{ request: 'stop-trial', trial: 't3', at: 10 }, { request: 'stop-run', at: 11 }]);
    assert.deepEqual(reader.read().requests, []);
    requestControl(dir, { request: 'stop-trial', trial: 't4' }, 12);
    assert.deepEqual(reader.read().requests, [{ request: 'stop-trial', trial: 't4', at: 12 }]);
  });

  it('rejects lines that are not requests instead of acting on them', () => {
    fs.writeFileSync(path.join(dir, 'control.jsonl'), '{"request":"delete-everything","at":1}\nnonsense\n{"request":"stop-trial","at":2}\n{"request":"stop-run","at":3}\n');
    const batch = new ControlReader(dir).read();
    assert.deepEqual(batch.requests, [{ request: 'stop-run', at: 3 }]);
    assert.equal(batch.rejected.length, 3);
  });

  it('lets a resumed engine ignore requests made to the engine before it', () => {
    requestControl(dir, { request: 'stop-run' }, 1);
    const reader = ControlReader.atEnd(dir);
    assert.deepEqual(reader.read().requests, []);
    requestControl(dir, { request: 'stop-trial', trial: 't1' }, 2);
    assert.deepEqual(reader.read().requests, [{ request: 'stop-trial', trial: 't1', at: 2 }]);
    assert.deepEqual(ControlReader.atEnd(path.join(dir, 'none')).read().requests, []);
  });
});
