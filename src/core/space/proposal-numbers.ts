/** Numbers as a person would write them in a study: short, and floats that read as floats. */

/**
 * Two significant digits in exponential notation, four in plain: a bound needs no
 * more (0.30000000000000004 must not appear), but 0.9995 must not become 1.0.
 */
const rounded = (x: number, digits = 2): number => Number(x.toPrecision(digits));

/** `1.0e-4`: YAML 1.2 reads it as a float, and the mantissa keeps the point so it reads as one too. */
function exponential(x: number): string {
  const [mantissa, exponent] = rounded(x).toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${exponent.replace('+', '')}`;
}

/** A float in plain notation that keeps its point (`1.0`, not `1`), so a float stays a float in the trial's config. */
export function decimal(x: number): string {
  const text = String(rounded(x, 4));
  return /[.e]/.test(text) ? text : `${text}.0`;
}

const tiny = (x: number): boolean => x !== 0 && Math.abs(rounded(x)) < 1e-3;
const huge = (x: number): boolean => Math.abs(rounded(x)) >= 1e5;

/** `lo, hi` for a float range; both in one notation, so `1.0e-4, 1.0e-2` rather than `1.0e-4, 0.01`. */
export function floatRange(lo: number, hi: number): string {
  const write = tiny(lo) || tiny(hi) || huge(lo) || huge(hi) ? exponential : decimal;
  return `${write(lo)}, ${write(hi)}`;
}

/** Whole, positive, ascending and distinct: the values of an integer choice. */
export function intList(values: readonly number[]): number[] {
  return [...new Set(values.map((v) => Math.round(v)).filter((v) => v >= 0))].sort((a, b) => a - b);
}
