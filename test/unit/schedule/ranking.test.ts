import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rankEntries } from '../../../src/core/schedule/ranking';

const order = (entries: (number | undefined)[][], modes: ('max' | 'min')[]) => rankEntries(entries, modes).map((p) => p.index);

describe('rung ranking', () => {
  it('sorts one objective by its mode, ties in input order', () => {
    assert.deepEqual(order([[3], [9], [3], [1]], ['max']), [1, 0, 2, 3]);
    assert.deepEqual(order([[3], [9], [3], [1]], ['min']), [3, 0, 2, 1]);
  });

  it('puts missing and NaN values last, in input order, marked incomplete', () => {
    const ranked = rankEntries([[undefined], [2], [Number.NaN], [5]], ['max']);
    assert.deepEqual(ranked, [{ index: 3, complete: true }, { index: 1, complete: true }, { index: 0, complete: false }, { index: 2, complete: false }]);
  });

  it('ranks several objectives by front, then by crowding distance', () => {
    // bleu (max), decode time (min). Front 0: 0 (30, 5), 1 (28, 1), 3 (31, 9); 0 is between the other two.
    // Front 1: 2 (29, 6) dominated by 0, 4 (25, 2) dominated by 1. 5 (20, 10) is last.
    const entries = [[30, 5], [28, 1], [29, 6], [31, 9], [25, 2], [20, 10]];
    assert.deepEqual(order(entries, ['max', 'min']), [1, 3, 0, 2, 4, 5]);
  });

  it('leaves out an objective nobody reports instead of making everyone incomplete', () => {
    assert.deepEqual(order([[1, undefined], [3, undefined], [2, undefined]], ['max', 'min']), [1, 2, 0]);
    assert.deepEqual(rankEntries([[undefined], [undefined]], ['max']).map((p) => p.complete), [false, false]);
  });

  it('ranks an entry missing one of several reported objectives after all complete ones', () => {
    assert.deepEqual(order([[99, undefined], [1, 5], [2, 1]], ['max', 'min']), [2, 1, 0]);
  });
});
