import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cholesky, logDeterminant, NotPositiveDefiniteError, solve } from '../../../../src/core/search/bo/linalg';

const matrix = (rows: number[][]) => Float64Array.from(rows.flat());

function reconstruct(l: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += (l[i * n + k] as number) * (l[j * n + k] as number);
    return s;
  }));
}

describe('cholesky', () => {
  it('factors a positive definite matrix without jitter, and solves and log-determinant agree with it', () => {
    const a = [[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]];
    const c = cholesky(matrix(a), 3);
    assert.equal(c.jitter, 0);
    reconstruct(c.lower, 3).forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - ((a[i] as number[])[j] as number)) < 1e-12)));
    const x = solve(c, [1, 2, 3]);
    a.forEach((row, i) => assert.ok(Math.abs(row.reduce((s, v, j) => s + v * (x[j] as number), 0) - (i + 1)) < 1e-12));
    // det = 4(15 - 1) - 2(6 - 0.4) + 0.4(2 - 2) = 44.8
    assert.ok(Math.abs(logDeterminant(c) - Math.log(44.8)) < 1e-12);
  });

  it('adds the least jitter that works to a singular matrix (three identical points)', () => {
    const c = cholesky(matrix([[1, 1, 1], [1, 1, 1], [1, 1, 1]]), 3);
    assert.ok(c.jitter > 0 && c.jitter <= 1e-4, `jitter ${c.jitter}`);
    reconstruct(c.lower, 3).forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - (1 + (i === j ? c.jitter : 0))) < 1e-9)));
  });

  it('handles a near-singular kernel matrix of nearly coincident points', () => {
    const e = 1e-9;
    const c = cholesky(matrix([[1, 1 - e, 1 - 2 * e], [1 - e, 1, 1 - e], [1 - 2 * e, 1 - e, 1]]), 3);
    assert.ok(c.jitter <= 1e-4);
    assert.ok([...c.lower].every(Number.isFinite));
  });

  it('says clearly when a matrix is not a covariance at all', () => {
    assert.throws(() => cholesky(matrix([[1, 2], [2, 1]]), 2), (e: unknown) => e instanceof NotPositiveDefiniteError && /not positive definite even with a jitter of 1e-4/.test(e.message));
    assert.throws(() => cholesky(matrix([[1, NaN], [NaN, 1]]), 2), NotPositiveDefiniteError);
  });
});
