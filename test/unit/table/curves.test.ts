import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bestSoFar, curveOptimum, replayLaunch } from '../../../src/core/table/curves';
import { curveTable, scalarTable } from './fixtures';

const PPL = [{ name: 'perplexity', mode: 'min' as const }];

describe('curve replay', () => {
  const table = curveTable();
  const [row0, row1, row2] = table.rows;

  it('reports the best so far: min for a minimised metric, max for a maximised one', () => {
    const curve = [9, 7, 8, 6];
    assert.deepEqual([1, 2, 3, 4].map((k) => bestSoFar(curve, 'min', k)), [9, 7, 7, 6]);
    assert.deepEqual([1, 2, 3, 4].map((k) => bestSoFar(curve, 'max', k)), [9, 9, 9, 9]);
    assert.deepEqual([1, 2, 3, 4].map((k) => bestSoFar([1, 3, 2, 5], 'max', k)), [1, 3, 3, 5]);
    assert.equal(bestSoFar(curve, 'min', 10), 6, 'past the end: the whole curve');
    assert.equal(curveOptimum([20, 10, 12, 3, 5, 4], 'min'), 3);
  });

  it('a launch from scratch reports each checkpoint up to the requested resource, costing one per checkpoint', () => {
    const got = replayLaunch(table, row0!, PPL, 0, 3);
    assert.deepEqual(got.reports, [
      { resource: 1, values: { perplexity: 9 }, converged: false },
      { resource: 2, values: { perplexity: 7 }, converged: false },
      { resource: 3, values: { perplexity: 7 }, converged: false },
    ]);
    assert.equal(got.cost, 3);
  });

  it('a curve that ends before the requested resource converges at its own length', () => {
    const got = replayLaunch(table, row1!, PPL, 0, 9);
    assert.deepEqual(got.reports.map((r) => [r.resource, r.values['perplexity'], r.converged]), [[1, 5, false], [2, 4, true]]);
    assert.equal(got.cost, 2);
  });

  it('a resumed trial pays only the new checkpoints, and keeps the best from before its pause', () => {
    // Row 2: [20, 10, 12, 3, 5, 4]. Paused at 2 (best 10), resumed to 5.
    const got = replayLaunch(table, row2!, PPL, 2, 5);
    assert.deepEqual(got.reports.map((r) => [r.resource, r.values['perplexity']]), [[3, 10], [4, 3], [5, 3]]);
    assert.equal(got.cost, 3);
    const toEnd = replayLaunch(table, row2!, PPL, 5, 27);
    assert.deepEqual(toEnd.reports, [{ resource: 6, values: { perplexity: 3 }, converged: true }]);
    assert.equal(toEnd.cost, 1);
  });

  it('a resume past the end of the curve costs nothing and says again that it converged', () => {
    const got = replayLaunch(table, row1!, PPL, 2, 9);
    assert.deepEqual(got.reports, [{ resource: 2, values: { perplexity: 4 }, converged: true }]);
    assert.equal(got.cost, 0);
  });

  it('reports scalar objectives of a curve table unchanged at every checkpoint', () => {
    const got = replayLaunch(table, row0!, [...PPL, { name: 'perplexity_optimal', mode: 'min' }], 0, 2);
    assert.deepEqual(got.reports.map((r) => r.values), [{ perplexity: 9, perplexity_optimal: 6 }, { perplexity: 7, perplexity_optimal: 6 }]);
  });

  it('a scalar table reports the row once, at the requested resource, converged, for one evaluation', () => {
    const s = scalarTable();
    const got = replayLaunch(s, s.rows[3]!, [{ name: 'dev_bleu', mode: 'max' }, { name: 'dev_gpu_time', mode: 'min' }], 0, 27);
    assert.deepEqual(got.reports, [{ resource: 27, values: { dev_bleu: 16, dev_gpu_time: 300 }, converged: true }]);
    assert.equal(got.cost, 1);
  });
});
