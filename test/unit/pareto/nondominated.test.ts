import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../src/core/random';
import { dominates, nondominatedSort, paretoFront, toMinimisation } from '../../../src/core/pareto/nondominated';

/** Peels fronts the slow, obvious way: the points nobody left dominates, again and again. */
function bruteFronts(points: number[][]): number[][] {
  let left = points.map((_, i) => i);
  const fronts: number[][] = [];
  while (left.length > 0) {
    const front = left.filter((i) => !left.some((j) => dominates(points[j] as number[], points[i] as number[])));
    fronts.push(front);
    left = left.filter((i) => !front.includes(i));
  }
  return fronts;
}

function randomPoints(rng: Random, n: number, d: number, levels: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.int(0, levels - 1)));
}

describe('non-dominated sorting', () => {
  it('dominates only when no worse everywhere and better somewhere', () => {
    assert.equal(dominates([1, 2], [1, 3]), true);
    assert.equal(dominates([1, 3], [1, 3]), false);
    assert.equal(dominates([0, 4], [1, 3]), false);
  });

  it('matches brute-force peeling on 300 random sets (2-4 objectives, with ties and duplicates)', () => {
    const rng = Random.fromSeed(11);
    for (let k = 0; k < 300; k++) {
      const points = randomPoints(rng, rng.int(0, 30), rng.int(2, 4), rng.int(2, 8));
      assert.deepEqual(nondominatedSort(points), bruteFronts(points));
      assert.deepEqual(paretoFront(points), bruteFronts(points)[0] ?? []);
    }
  });

  it('turns maximised objectives into minimised ones', () => {
    assert.deepEqual(toMinimisation([30, 2], ['max', 'min']), [-30, 2]);
  });
});
