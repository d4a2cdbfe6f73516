import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../src/core/random';
import { hypervolume } from '../../../src/core/pareto/hypervolume';

/**
 * With whole-number coordinates the dominated region is a union of unit cells:
 * count the cells [c, c+1) inside the reference box that some point dominates.
 */
function cellCount(points: number[][], reference: number[]): number {
  const d = reference.length;
  let count = 0;
  const cell = new Array<number>(d).fill(0);
  const visit = (i: number): void => {
    if (i === d) {
      if (points.some((p) => p.every((v, m) => v <= (cell[m] as number)))) count++;
      return;
    }
    for (let c = 0; c < (reference[i] as number); c++) {
      cell[i] = c;
      visit(i + 1);
    }
  };
  visit(0);
  return count;
}

const binomial = (n: number, k: number): number => (k < 0 || k > n ? 0 : Array.from({ length: k }, (_, i) => (n - i) / (i + 1)).reduce((a, b) => a * b, 1));

describe('hypervolume', () => {
  it('equals brute-force cell counting on 400 random sets in 2 to 5 dimensions', () => {
    const rng = Random.fromSeed(5);
    for (let k = 0; k < 400; k++) {
      const d = rng.int(2, 5);
      const side = d >= 4 ? 5 : 8;
      const points = Array.from({ length: rng.int(0, d >= 4 ? 9 : 16) }, () => Array.from({ length: d }, () => rng.int(0, side)));
      const reference = new Array<number>(d).fill(side);
      assert.equal(hypervolume(points, reference), cellCount(points, reference), JSON.stringify(points));
    }
  });

  it('has the closed form n(n+1)/2 on a 2-D staircase and n^3 - C(n+1, 3) on a 3-D one', () => {
    for (const n of [1, 2, 5, 20, 100]) {
      const stairs2 = Array.from({ length: n }, (_, i) => [i, n - 1 - i]);
      assert.equal(hypervolume(stairs2, [n, n]), (n * (n + 1)) / 2);
    }
    for (const n of [1, 2, 4, 7]) {
      const stairs3: number[][] = [];
      for (let a = 0; a < n; a++) for (let b = 0; a + b < n; b++) stairs3.push([a, b, n - 1 - a - b]);
      assert.equal(hypervolume(stairs3, [n, n, n]), n ** 3 - binomial(n + 1, 3));
    }
  });

  it('gives the 2-D fast path and the general WFG the same volume (a flat third objective)', () => {
    const rng = Random.fromSeed(9);
    for (let k = 0; k < 100; k++) {
      const points = Array.from({ length: rng.int(1, 25) }, () => [rng.float() * 10, rng.float() * 10]);
      const flat = hypervolume(points.map((p) => [...p, 0]), [10, 10, 1]);
      assert.ok(Math.abs(hypervolume(points, [10, 10]) - flat) < 1e-9, `${hypervolume(points, [10, 10])} vs ${flat}`);
    }
  });

  it('ignores points that do not dominate the reference point, and handles one objective', () => {
    assert.equal(hypervolume([[1, 1], [5, 0], [0, 9]], [4, 4]), 9);
    assert.equal(hypervolume([[4, 0]], [4, 4]), 0);
    assert.equal(hypervolume([], [4, 4]), 0);
    assert.equal(hypervolume([[3], [1.5], [7]], [4]), 2.5);
  });

  it('says which point has the wrong number of objectives', () => {
    assert.throws(() => hypervolume([[1, 2, 3]], [4, 4]), /a point has 3 objectives but the reference point has 2/);
  });
});
