import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { paretoSummary } from '../../../src/core/report/front';
import { RunLog } from '../schedule/run-log';

const bleu = { name: 'bleu', mode: 'max' } as const;
const time = { name: 'time', mode: 'min' } as const;

/** Completed trials with these (bleu, time) values. */
function runOf(values: readonly (readonly [number, number])[]): RunLog {
  const log = new RunLog();
  values.forEach(([b, t], i) => log.finished(`t${i}`, 1, { bleu: b, time: t }, 'completed'));
  return log;
}

describe('Pareto summary of a run', () => {
  it('uses the study\'s ref as the reference point, in the objectives\' own units', () => {
    // Front: (20, 5) and (25, 10); (18, 12) is dominated. Against (bleu 10, time 20) in minimisation form:
    // points (-20, 5) and (-25, 10), reference (-10, 20): 10*15 + 5*10 = 200.
    const s = paretoSummary(runOf([[20, 5], [25, 10], [18, 12]]).state, [{ ...bleu, ref: 10 }, { ...time, ref: 20 }]);
    assert.ok(s);
    assert.deepEqual(s.front.map((f) => f.trial), ['t0', 't1']);
    assert.deepEqual(s.front[1]?.values, [25, 10]);
    assert.deepEqual(s.reference, [10, 20]);
    assert.deepEqual(s.referenceFrom, ['ref', 'ref']);
    assert.equal(s.hypervolume, 200);
  });

  it('without ref takes the worst value seen plus a tenth of the range', () => {
    // bleu 18..25 (range 7): reference 18 - 0.7; time 5..12 (range 7): 12 + 0.7.
    const s = paretoSummary(runOf([[20, 5], [25, 10], [18, 12]]).state, [bleu, { ...time, ref: 20 }]);
    assert.ok(s);
    assert.ok(Math.abs((s.reference[0] as number) - 17.3) < 1e-12);
    assert.deepEqual(s.referenceFrom, ['data', 'ref']);
    const other = paretoSummary(runOf([[20, 5], [25, 10], [18, 12]]).state, [bleu, time]);
    assert.ok(other && Math.abs((other.reference[1] as number) - 12.7) < 1e-12);
    // (-20, 5), (-25, 10) against (-17.3, 12.7): 2.7 * 7.7 + 5 * 2.7.
    assert.ok(Math.abs(other.hypervolume - (2.7 * 7.7 + 5 * 2.7)) < 1e-9);
  });

  it('adds nothing for front points no better than a ref, and is undefined with one objective or no complete trial', () => {
    const s = paretoSummary(runOf([[20, 5], [25, 30]]).state, [{ ...bleu, ref: 10 }, { ...time, ref: 20 }]);
    assert.equal(s?.hypervolume, 10 * 15);
    assert.equal(paretoSummary(runOf([[20, 5]]).state, [bleu]), undefined);
    const log = new RunLog();
    log.finished('t0', 1, { bleu: 20 }, 'completed');
    assert.equal(paretoSummary(log.state, [bleu, time]), undefined);
  });
});
