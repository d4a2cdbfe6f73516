/**
 * Output warping: the targets the GP sees are the normal scores of their
 * ranks (a Gaussian copula, as in Salinas et al., 2020), not the raw values.
 *
 * A GP assumes roughly Gaussian targets. Real objectives are often heavy
 * tailed: a diverged run's perplexity is 10^13 beside values near 10, and once
 * standardised such a value squeezes every other one to the same number, so
 * the model sees a flat landscape and one spike. Ranks keep the only thing a
 * minimiser needs, the order, whatever the scale; the normal scores keep the
 * best values spread out (the tails of a normal), so EI still tells a slightly
 * better config from a merely good one. Ties share their mean rank.
 */

/** z_i = Φ⁻¹((rank_i + 0.5) / n), rank 0 the smallest, tied values the mean of their ranks. */
export function normalScores(y: readonly number[]): number[] {
  const n = y.length;
  const order = y.map((_, i) => i).sort((a, b) => (y[a] as number) - (y[b] as number));
  const rank = new Array<number>(n).fill(0);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && y[order[end + 1] as number] === y[order[start] as number]) end++;
    for (let k = start; k <= end; k++) rank[order[k] as number] = (start + end) / 2;
    start = end + 1;
  }
  return rank.map((r) => normalQuantile((r + 0.5) / n));
}

/** Acklam's coefficients: central region (A/B) and tails (C/D). */
const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/**
 * Φ⁻¹(p) for p in (0, 1): Acklam's rational approximations (relative error
 * below 1.2e-9), ample for ranks.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`a normal quantile needs 0 < p < 1, not ${p}`);
  const low = 0.02425;
  const tail = (q: number): number => horner(C, q) / (horner(D, q) * q + 1);
  if (p < low) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - low) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (horner(A, r) * q) / (horner(B, r) * r + 1);
}

/** Σ c_k x^(n-k): the coefficients highest power first. */
function horner(coefficients: readonly number[], x: number): number {
  let s = 0;
  for (const c of coefficients) s = s * x + c;
  return s;
}
