/**
 * Expected improvement, in log space, for minimisation (the searcher negates
 * objectives to be maximised before modelling them).
 *
 * EI(x) = σ h(z) with z = (best - μ) / σ and h(z) = φ(z) + z Φ(z). Far from the
 * incumbent h underflows to 0 and plain EI gives a flat landscape the optimiser
 * cannot climb, so log h is computed directly (the LogEI formulation of Ament
 * et al., 2023):
 * - z > -1: log(φ(z) + z Φ(z)), no cancellation there;
 * - -1 ≥ z > -8: log φ(z) + log(1 - |z| √(π/2) erfcx(|z|/√2)), the scaled
 *   complementary error function keeping both terms O(1);
 * - z ≤ -8: log φ(z) + log of the asymptotic series 1/z² - 3/z⁴ + 15/z⁶ - ...,
 *   summed while its terms shrink, so log-EI stays finite and ordered for any z.
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT_PI_OVER_2 = Math.sqrt(Math.PI / 2);
const SQRT2 = Math.SQRT2;

/** log EI for a posterior N(mean, sd²) against the best (lowest) value so far. */
export function logExpectedImprovement(mean: number, sd: number, best: number): number {
  if (!(sd > 0)) return best > mean ? Math.log(best - mean) : -Infinity;
  return Math.log(sd) + logH((best - mean) / sd);
}

/** log(φ(z) + z Φ(z)). */
export function logH(z: number): number {
  if (z > -1) return Math.log(normalDensity(z) + z * normalCdf(z));
  const logPhi = -0.5 * z * z - LOG_SQRT_2PI;
  if (z > -8) return logPhi + Math.log1p(-(-z) * SQRT_PI_OVER_2 * erfcx(-z / SQRT2));
  const inv2 = 1 / (z * z);
  let term = inv2;
  let sum = 0;
  for (let k = 1; k < 60; k++) {
    const next = -term * (2 * k + 1) * inv2;
    sum += term;
    if (Math.abs(next) >= Math.abs(term) || Math.abs(next) < 1e-17 * Math.abs(sum)) break;
    term = next;
  }
  return logPhi + Math.log(sum);
}

export function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** erfc to near double precision: a power series near 0, a continued fraction in the tails. */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) return 1 - erfSeries(x);
  return Math.exp(-x * x) * erfcxContinuedFraction(x);
}

/** exp(x²) erfc(x) for x ≥ 0, without overflow or underflow. */
export function erfcx(x: number): number {
  if (x < 2) return Math.exp(x * x) * (1 - erfSeries(x));
  return erfcxContinuedFraction(x);
}

function erfSeries(x: number): number {
  // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1)); for x < 2 the terms fall below 1e-17 well within 60 terms.
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 80; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

function erfcxContinuedFraction(x: number): number {
  // erfcx(x) = 1/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated from the tail up; 60 levels are exact to double precision for x ≥ 2.
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return 1 / (Math.sqrt(Math.PI) * f);
}
