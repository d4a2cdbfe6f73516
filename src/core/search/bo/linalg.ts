/**
 * The dense linear algebra a Gaussian process needs: Cholesky factors of
 * symmetric positive definite matrices, the triangular solves that use them
 * and the log-determinant. Matrices are row-major Float64Arrays of n*n.
 */

/** Jitter tried, relative to the mean diagonal, when a kernel matrix is numerically singular. */
const JITTERS = [0, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4];

export class NotPositiveDefiniteError extends Error {}

export interface Cholesky {
  readonly n: number;
  /** Lower-triangular L with A + jitter*I = L Lᵀ (upper part is zero). */
  readonly lower: Float64Array;
  /** The absolute jitter that was added to the diagonal, 0 when none was needed. */
  readonly jitter: number;
}

/**
 * Factors A = L Lᵀ. Kernel matrices of nearby points are singular in floating
 * point, so when the plain factorisation fails a growing jitter is added to
 * the diagonal, as little as works; past 1e-4 of the mean diagonal the matrix
 * is not a usable covariance and the caller is told so.
 */
export function cholesky(a: Float64Array, n: number): Cholesky {
  let meanDiagonal = 0;
  for (let i = 0; i < n; i++) meanDiagonal += a[i * n + i] as number;
  meanDiagonal = n > 0 ? Math.abs(meanDiagonal / n) || 1 : 1;
  for (const relative of JITTERS) {
    const jitter = relative * meanDiagonal;
    const lower = tryCholesky(a, n, jitter);
    if (lower) return { n, lower, jitter };
  }
  throw new NotPositiveDefiniteError(
    `the covariance matrix is not positive definite even with a jitter of 1e-4 of its diagonal; its inputs are probably not finite.`,
  );
}

function tryCholesky(a: Float64Array, n: number, jitter: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = (a[rowJ + j] as number) + jitter;
    for (let k = 0; k < j; k++) d -= (l[rowJ + k] as number) ** 2;
    if (!(d > 0) || !Number.isFinite(d)) return undefined;
    const ljj = Math.sqrt(d);
    l[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j] as number;
      for (let k = 0; k < j; k++) s -= (l[rowI + k] as number) * (l[rowJ + k] as number);
      l[rowI + j] = s / ljj;
    }
  }
  return l;
}

/** x with L x = b. */
export function solveLower(c: Cholesky, b: ArrayLike<number>): Float64Array {
  const { n, lower } = c;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (lower[row + k] as number) * (x[k] as number);
    x[i] = s / (lower[row + i] as number);
  }
  return x;
}

/** x with Lᵀ x = b. */
export function solveUpper(c: Cholesky, b: ArrayLike<number>): Float64Array {
  const { n, lower } = c;
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < n; k++) s -= (lower[k * n + i] as number) * (x[k] as number);
    x[i] = s / (lower[i * n + i] as number);
  }
  return x;
}

/** x with (L Lᵀ) x = b. */
export function solve(c: Cholesky, b: ArrayLike<number>): Float64Array {
  return solveUpper(c, solveLower(c, b));
}

/** log det(L Lᵀ). */
export function logDeterminant(c: Cholesky): number {
  let s = 0;
  for (let i = 0; i < c.n; i++) s += Math.log(c.lower[i * c.n + i] as number);
  return 2 * s;
}
