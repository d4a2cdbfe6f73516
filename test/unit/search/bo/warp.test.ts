import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalCdf } from '../../../../src/core/search/bo/acquisition';
import { normalQuantile, normalScores } from '../../../../src/core/search/bo/warp';

describe('output warping', () => {
  it('inverts the normal CDF across the centre and both tails', () => {
    assert.equal(normalQuantile(0.5), 0);
    assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-8);
    assert.ok(Math.abs(normalQuantile(1e-6) + 4.753424308822899) < 1e-7);
    for (const p of [1e-9, 0.001, 0.02, 0.0243, 0.3, 0.7, 0.98, 0.999999]) {
      assert.ok(Math.abs(normalCdf(normalQuantile(p)) - p) < 1e-9 * Math.max(1, p / (1 - p)) + 1e-9 * p, `p = ${p}`);
    }
    assert.throws(() => normalQuantile(1), /0 < p < 1/);
  });

  it('keeps the order, shares ranks between ties and tames a diverged value', () => {
    const z = normalScores([10, 7, 1e13, 7, 9]);
    // Ranks: 7 and 7 share (0 + 1) / 2; 9 is 2, 10 is 3, 1e13 is 4, of n = 5.
    assert.deepEqual(z, [3, 0.5, 4, 0.5, 2].map((r) => normalQuantile((r + 0.5) / 5)));
    assert.ok((z[2] as number) < 2, 'the outlier is one rank above the rest, not 10^12 standard deviations');
    assert.equal(z[1], z[3]);
    assert.deepEqual(normalScores([3]), [0]);
  });
});
