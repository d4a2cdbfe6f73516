/**
 * A small NMT-like ASHA run, in the spirit of the Sockeye hyperparameter
 * tables: 27 configurations, checkpoints 1..27, eta 3. Each config has a final
 * BLEU and a learning speed, so curves cross and fast learners look better
 * early, as real translation models do.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createScheduler } from '../../../src/core/schedule/create';
import { plan } from '../../../src/core/schedule/plan';
import type { Scheduler as SchedulerSettings } from '../../../src/core/space/model';
import { simulate } from './simulate';

const bleu = (i: number, checkpoint: number) => {
  const final = 20 + ((i * 11) % 27) / 2;
  const speed = 2 + ((i * 5) % 7);
  return { bleu: final * (1 - Math.exp(-checkpoint / speed)) };
};

const settings: SchedulerSettings = {
  type: 'asha', resource: 'checkpoints', min: 1, max: 27, reduction: 3, mode: 'promotion',
  span: { start: 0, end: 0 },
};

describe('sockeye example run (ASHA, min 1, max 27, eta 3, 27 configs)', () => {
  for (const workers of [1, 4, 8, 27]) {
    it(`trains 27/9/3/1 trials per rung at the plan's cost with ${workers} worker(s)`, () => {
      const run = simulate(createScheduler(settings, [{ name: 'bleu', mode: 'max' }]), { workers, trials: 27, metric: bleu });
      const trials = [...run.log.state.trials.values()];
      assert.deepEqual([1, 3, 9, 27].map((r) => trials.filter((t) => t.reached >= r).length), [27, 9, 3, 1]);
      const table = plan({ type: 'asha', min: 1, max: 27, reduction: 3 })[0];
      // Promotions resume from checkpoints, so the units trained are the sum of what each trial reached.
      assert.equal(trials.reduce((sum, t) => sum + t.reached, 0), table?.cost);
      const finalists = trials.filter((t) => t.reached >= 9);
      const winner = trials.find((t) => t.state === 'completed');
      const atNine = (id: string) => bleu(Number(id.slice(1)) - 1, 9).bleu;
      assert.equal(winner?.id, finalists.map((t) => t.id).sort((a, b) => atNine(b) - atNine(a))[0], 'the best at rung 2 is trained to max');
    });
  }
});
