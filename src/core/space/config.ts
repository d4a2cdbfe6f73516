/** One trial's parameter values, and the canonical text that identifies it. */
import type { Scalar } from './model';

/** Parameter name -> value. Constants are included; inactive conditional parameters are absent. */
export type Config = Record<string, Scalar>;

/**
 * A canonical string for a config, for de-duplication: keys sorted, numbers
 * rounded to 12 significant digits (so 0.30000000000000004 and 0.3 are one
 * config), -0 written as 0. Strings and numbers stay distinct ("1" is not 1).
 */
export function configKey(config: Readonly<Record<string, Scalar | undefined>>): string {
  const entries = Object.keys(config)
    .filter((k) => config[k] !== undefined)
    .sort()
    .map((k) => [k, normalise(config[k] as Scalar)]);
  return JSON.stringify(entries);
}

function normalise(v: Scalar): Scalar | { n: string } {
  if (typeof v !== 'number') return v;
  if (!Number.isFinite(v)) return { n: String(v) };
  const rounded = Number(v.toPrecision(12));
  return rounded === 0 ? 0 : rounded;
}
