import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAsha } from '../../../src/core/schedule/asha';
import type { Objective } from '../../../src/core/schedule/scheduler';
import { RunLog } from './run-log';

const BLEU_AND_TIME: Objective[] = [{ name: 'bleu', mode: 'max' }, { name: 'decode_time', mode: 'min' }];

/** Six trials at rung 0: the Pareto front is t1 (30, 5), t2 (28, 1), t4 (31, 9); t3 and t6 are dominated. */
function rungZero(): RunLog {
  const log = new RunLog();
  const results: [number, number][] = [[30, 5], [28, 1], [29, 6], [31, 9], [20, 10], [25, 2]];
  results.forEach(([bleu, time], i) => log.finished(`t${i + 1}`, 1, { bleu, decode_time: time }));
  return log;
}

describe('multi-objective ASHA', () => {
  it('promotes non-dominated trials first, the ends of the front before its middle', () => {
    const log = rungZero();
    const asha = createAsha({ min: 1, max: 9, eta: 3, mode: 'promotion', objectives: BLEU_AND_TIME });
    // Quota floor(6/3) = 2: the front's extremes t2 (fastest) and t4 (best BLEU), not t1 (second-best BLEU).
    assert.deepEqual(asha.next(log.state, false), { kind: 'resume', trial: 't2', resource: 3, fromRung: 0 });
    log.promote('t2', 0, 1).launch('t2', 3);
    assert.deepEqual(asha.next(log.state, false), { kind: 'resume', trial: 't4', resource: 3, fromRung: 0 });
    log.promote('t4', 0, 1).launch('t4', 3);
    assert.equal(asha.next(log.state, false), undefined);
  });

  it('with BLEU alone promotes by BLEU', () => {
    const asha = createAsha({ min: 1, max: 9, eta: 3, mode: 'promotion', objectives: [{ name: 'bleu', mode: 'max' }] });
    assert.deepEqual(asha.next(rungZero().state, false), { kind: 'resume', trial: 't4', resource: 3, fromRung: 0 });
  });

  it('in stopping mode keeps a fast trial that a BLEU-only rule would stop', () => {
    const log = new RunLog();
    const earlier = [['a', 30, 5], ['b', 31, 9], ['c', 29, 6], ['d', 28, 7], ['e', 27, 8]] as const;
    for (const [id, bleu, time] of earlier) log.create(id).launch(id, 9).report(id, 1, { bleu, decode_time: time });
    // Sixth of six by BLEU, but an end of the front (b, a, fast): second, inside the top 2.
    log.create('fast').launch('fast', 9).report('fast', 1, { bleu: 20, decode_time: 0.5 });
    const both = createAsha({ min: 1, max: 9, eta: 3, mode: 'stopping', objectives: BLEU_AND_TIME });
    const bleuOnly = createAsha({ min: 1, max: 9, eta: 3, mode: 'stopping', objectives: [{ name: 'bleu', mode: 'max' }] });
    assert.equal(both.onResult(log.state, log.trial('fast'), 1).action, 'continue');
    assert.equal(bleuOnly.onResult(log.state, log.trial('fast'), 1).action, 'stop');
  });
});
