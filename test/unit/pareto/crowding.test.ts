import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crowdingDistances } from '../../../src/core/pareto/crowding';

describe('crowding distance', () => {
  it('gives boundary points infinity and interior ones the normalised cuboid sides', () => {
    // A front along x + y = 10: x in {0, 2, 5, 10}; spans 10 in both objectives.
    const points = [[5, 5], [0, 10], [10, 0], [2, 8]];
    const d = crowdingDistances(points, [0, 1, 2, 3]);
    assert.equal(d[1], Infinity);
    assert.equal(d[2], Infinity);
    // [2, 8]: neighbours x 0 and 5, y 10 and 5 -> 5/10 + 5/10.
    assert.equal(d[3], 1);
    // [5, 5]: neighbours x 2 and 10, y 8 and 0 -> 8/10 + 8/10.
    assert.equal(d[0], 1.6);
  });

  it('treats fronts of one or two points as all boundary, and a constant objective as no spread', () => {
    assert.deepEqual(crowdingDistances([[1, 2], [2, 1]], [0, 1]), [Infinity, Infinity]);
    // In x the order is [0, 7], [1, 7], [3, 7], [4, 7]; the constant y must not make [1, 7] a boundary.
    const d = crowdingDistances([[1, 7], [0, 7], [3, 7], [4, 7]], [0, 1, 2, 3]);
    assert.deepEqual(d, [0.75, Infinity, 0.75, Infinity]);
    assert.deepEqual(crowdingDistances([[2, 2], [2, 2], [2, 2]], [0, 1, 2]), [0, 0, 0]);
  });

  it('reads only the points of the front it is given', () => {
    const points = [[100, 100], [0, 2], [1, 1], [2, 0]];
    assert.deepEqual(crowdingDistances(points, [1, 2, 3]), [Infinity, 2, Infinity]);
  });
});
