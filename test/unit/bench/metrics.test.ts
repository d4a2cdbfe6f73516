import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  bestFinalWithin, bestOptimum, evaluationsToBest, finalRegretWithin, formatSpread, hypervolume2d, hypervolumeRatio,
  meanCurveLength, paretoFront, paretoRowsFound, quantile, regretAt, spread, tableBest, type Evaluation,
} from '../../../bench/metrics';
import { curveTable, scalarTable } from '../table/fixtures';

const close = (a: number, b: number, why = ''): void => assert.ok(Math.abs(a - b) < 1e-9, `${a} != ${b} ${why}`);

/** The `index`-th scalar-table evaluation of a run (one evaluation each), with the row's own metrics. */
function evaluated(id: string, index = 0): Evaluation {
  const row = scalarTable().rows.find((r) => r.id === id);
  assert.ok(row);
  return { row: id, resource: 1, cost: index + 1, complete: true, values: { dev_bleu: row.metrics['dev_bleu'] as number, dev_gpu_time: row.metrics['dev_gpu_time'] as number } };
}

describe('(a) single objective', () => {
  const table = scalarTable();
  const best = tableBest(table, 'dev_bleu', 'max');
  // BLEU of rows 10, 12, 10, 13, 11: 10, 14, 10, 16, 12; the table's best is 16 (row 13).
  const run = ['10', '12', '10', '13', '11'].map(evaluated);

  it('regret(B) is the table best minus the best of the first B evaluations', () => {
    assert.equal(best, 16);
    assert.deepEqual([1, 2, 3, 4, 5, 50].map((b) => regretAt(run, 'dev_bleu', 'max', best, b)), [6, 2, 2, 0, 0, 0]);
    assert.equal(regretAt(run, 'dev_bleu', 'max', best, 0), Number.POSITIVE_INFINITY);
    assert.equal(regretAt(run, 'dev_gpu_time', 'min', tableBest(table, 'dev_gpu_time', 'min'), 1), 50, 'minimised: 100 s against the best 50 s');
  });

  it('ftb counts evaluations up to the first one with the best value; never reaching it is undefined', () => {
    assert.equal(evaluationsToBest(run, 'dev_bleu', 'max', best), 4);
    assert.equal(evaluationsToBest(run.filter((e) => e.row !== '13'), 'dev_bleu', 'max', best), undefined);
  });
});

describe('(b) two objectives', () => {
  const table = scalarTable();
  const objectives = { first: { name: 'dev_bleu', mode: 'max' as const }, second: { name: 'dev_gpu_time', mode: 'min' as const } };

  it('fbp counts distinct true-front rows among the first B evaluations', () => {
    const front = paretoFront(table);
    assert.deepEqual([...front].sort(), ['12', '13']);
    const run = ['10', '12', '12', '11', '13'].map(evaluated);
    assert.deepEqual([1, 2, 3, 4, 5].map((b) => paretoRowsFound(run, front, b)), [0, 1, 1, 1, 2]);
  });

  it('2-D hypervolume of minimised points against the reference (1, 1)', () => {
    close(hypervolume2d([[0.5, 0.5]]), 0.25);
    close(hypervolume2d([[0.2, 0.6], [0.6, 0.2]]), 0.48);
    close(hypervolume2d([[0.2, 0.6], [0.6, 0.2], [0.7, 0.7]]), 0.48, 'a dominated point adds nothing');
    close(hypervolume2d([[1, 0], [0, 1]]), 0, 'points on the reference box edge add nothing');
  });

  it('HV ratio normalises by the whole table and divides by the true front\'s hypervolume', () => {
    // Normalised (f1 = (16 - bleu) / 6, f2 = (time - 50) / 350): row 12 is (1/3, 0), row 13 is (0, 5/7), row 11 is (2/3, 3/7);
    // the table's hypervolume is 2/7 + (2/3)(5/7) = 16/21.
    close(hypervolumeRatio(['10', '12'].map(evaluated), table, objectives, 2), (2 / 3) / (16 / 21));
    close(hypervolumeRatio(['10', '13'].map(evaluated), table, objectives, 2), (2 / 7) / (16 / 21));
    close(hypervolumeRatio(['13', '12', '10'].map(evaluated), table, objectives, 1), (2 / 7) / (16 / 21), 'only the first B count');
    close(hypervolumeRatio(['12', '13', '11'].map(evaluated), table, objectives, 3), 1);
  });
});

describe('(c) multi-fidelity', () => {
  const table = curveTable();
  // Curves: row 0 [9, 7, 8, 6], row 1 [5, 4], row 2 [20, 10, 12, 3, 5, 4]. Row 2 is paused at 4 with 3 so far
  // (not complete: it does not count), row 1 converges at 2, row 2 completes on resume. Costs are cumulative.
  const run: Evaluation[] = [
    { row: '0', resource: 4, cost: 4, complete: true, values: { perplexity: 6 } },
    { row: '2', resource: 4, cost: 8, complete: false, values: { perplexity: 3 } },
    { row: '1', resource: 2, cost: 10, complete: true, values: { perplexity: 4 } },
    { row: '2', resource: 6, cost: 12, complete: true, values: { perplexity: 3 } },
  ];

  it('U is the mean curve length and the best row the best curve optimum', () => {
    assert.equal(meanCurveLength(table), 4);
    assert.equal(bestOptimum(table, 'perplexity', 'min'), 3);
  });

  it('best_final(C) counts only trials completed within cumulative cost C', () => {
    assert.deepEqual([3, 4, 8, 9, 10, 11, 12, 100].map((c) => bestFinalWithin(run, 'perplexity', 'min', c)), [undefined, 6, 6, 6, 4, 4, 3, 3]);
    assert.deepEqual([3, 4, 8, 10, 12].map((c) => finalRegretWithin(run, 'perplexity', 'min', 3, c)), [Number.POSITIVE_INFINITY, 3, 3, 1, 0]);
  });

  it('best_final of a maximised metric takes the largest final value', () => {
    const bleu: Evaluation[] = [
      { row: 'a', resource: 3, cost: 3, complete: true, values: { bleu: 5 } },
      { row: 'b', resource: 3, cost: 6, complete: true, values: { bleu: 9 } },
      { row: 'c', resource: 3, cost: 9, complete: true, values: { bleu: 7 } },
    ];
    assert.equal(bestFinalWithin(bleu, 'bleu', 'max', 9), 9);
    assert.equal(finalRegretWithin(bleu, 'bleu', 'max', 10.5, 3), 5.5);
  });
});

describe('summaries over seeds', () => {
  it('quantiles interpolate linearly (numpy\'s default), and Infinity stands for never', () => {
    assert.equal(quantile([4, 1, 3, 2], 0.5), 2.5);
    assert.equal(quantile([4, 1, 3, 2], 0.25), 1.75);
    assert.equal(quantile([4, 1, 3, 2], 0.75), 3.25);
    assert.equal(quantile([1, 2, Number.POSITIVE_INFINITY], 0.5), 2);
    assert.equal(quantile([1, 2, Number.POSITIVE_INFINITY], 0.75), Number.POSITIVE_INFINITY);
    assert.throws(() => quantile([], 0.5), /no values/);
  });

  it('formats median [25th, 75th] with a word for never', () => {
    assert.equal(formatSpread(spread([4, 1, 3, 2])), '2.50 [1.75, 3.25]');
    assert.equal(formatSpread(spread([14, 46, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]), 0, '>118'), '>118 [38, >118]');
  });
});
