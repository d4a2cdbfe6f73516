import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createScheduler } from '../../../src/core/schedule/create';
import type { Scheduler as SchedulerSettings } from '../../../src/core/space/model';
import { RunLog } from './run-log';

const base: SchedulerSettings = { type: 'fifo', resource: 'epochs', min: 1, max: 9, reduction: 3, mode: 'promotion', span: { start: 0, end: 0 } };
const LOSS = [{ name: 'loss', mode: 'min' as const }];

describe('createScheduler', () => {
  it('builds FIFO: every trial to max, never stopped or paused', () => {
    const fifo = createScheduler(base, LOSS);
    const log = new RunLog();
    assert.deepEqual(fifo.next(log.state, true), { kind: 'create', bracket: 0, resource: 9 });
    assert.equal(fifo.next(log.state, false), undefined);
    log.create('a').launch('a', 9).report('a', 1, { loss: 100 });
    assert.deepEqual(fifo.onResult(log.state, log.trial('a'), 1), { action: 'continue' });
    assert.equal(fifo.onLaunchEnd(log.state, log.trial('a')), 'completed');
    assert.deepEqual(fifo.rungs(0), [9]);
  });

  it('builds ASHA and Hyperband from the study settings', () => {
    assert.deepEqual(createScheduler({ ...base, type: 'asha' }, LOSS).rungs(0), [1, 3, 9]);
    const hb = createScheduler({ ...base, type: 'hyperband', brackets: 1 }, LOSS);
    assert.deepEqual(hb.next(new RunLog().state, true), { kind: 'create', bracket: 2, resource: 1 });
    assert.deepEqual(createScheduler({ ...base, type: 'asha', mode: 'stopping' }, LOSS).next(new RunLog().state, true), { kind: 'create', bracket: 0, resource: 9 });
  });

  it('explains bad settings instead of scheduling nonsense', () => {
    assert.throws(() => createScheduler({ ...base, type: 'asha', reduction: 1 }, LOSS), /reduction >= 2/);
    assert.throws(() => createScheduler({ ...base, max: 0 }, LOSS), /max must be > 0/);
    assert.throws(() => createScheduler({ ...base, type: 'asha' }, []), /at least one objective/);
  });
});
