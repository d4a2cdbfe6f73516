/**
 * Schedulers keep no state: a fresh scheduler deciding from a state rebuilt by
 * replaying the journal (as a restarted engine does) must answer every call
 * exactly as the live one did.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { replay } from '../../../src/core/journal/reducer';
import type { RunEvent } from '../../../src/core/journal/events';
import { createScheduler } from '../../../src/core/schedule/create';
import type { Objective } from '../../../src/core/schedule/scheduler';
import type { Scheduler as SchedulerSettings } from '../../../src/core/space/model';
import { simulate, type DecisionCall } from './simulate';

const OBJECTIVES: Objective[] = [{ name: 'bleu', mode: 'max' }, { name: 'decode_time', mode: 'min' }];
const metric = (i: number, r: number) => ({ bleu: (20 + ((i * 11) % 27) / 2) * (1 - Math.exp(-r / (2 + ((i * 5) % 7)))), decode_time: 1 + ((i * 7) % 5) / 4 });

const cases: [string, Partial<SchedulerSettings>, readonly Objective[]][] = [
  ['asha promotion', { type: 'asha', mode: 'promotion' }, OBJECTIVES.slice(0, 1)],
  ['asha stopping', { type: 'asha', mode: 'stopping' }, OBJECTIVES.slice(0, 1)],
  ['asha promotion, two objectives', { type: 'asha', mode: 'promotion' }, OBJECTIVES],
  ['hyperband promotion', { type: 'hyperband', mode: 'promotion' }, OBJECTIVES.slice(0, 1)],
  ['hyperband stopping, two objectives', { type: 'hyperband', mode: 'stopping' }, OBJECTIVES],
];

describe('replay determinism', () => {
  for (const [name, partial, objectives] of cases) {
    it(`${name}: a fresh scheduler on the replayed journal answers every call as the live one`, () => {
      const settings = { resource: 'epochs', min: 1, max: 27, reduction: 3, mode: 'promotion', span: { start: 0, end: 0 }, type: 'asha', ...partial } as SchedulerSettings;
      const calls: { events: number; call: DecisionCall; answer: unknown }[] = [];
      const run = simulate(createScheduler(settings, objectives), {
        workers: 4, trials: 30, metric,
        onDecision: (log, call, answer) => calls.push({ events: log.events.length, call, answer }),
      });
      assert.ok(calls.length > 60, `the run made ${calls.length} decisions`);
      const decisive = settings.mode === 'stopping' ? '"stop"' : '"resume"';
      assert.ok(calls.some((c) => JSON.stringify(c.answer).includes(decisive)), `the run has ${decisive} decisions to reproduce`);
      const written = run.log.events.map((e) => JSON.stringify(e));
      for (const { events, call, answer } of calls) {
        const state = replay(written.slice(0, events).map((line) => JSON.parse(line) as RunEvent));
        const fresh = createScheduler(settings, objectives);
        const again = call.kind === 'next'
          ? fresh.next(state, call.mayCreate)
          : fresh.onResult(state, state.trials.get(call.trial) as NonNullable<ReturnType<typeof state.trials.get>>, call.resource);
        assert.deepEqual(again, answer, `after ${events} events`);
      }
    });
  }
});
