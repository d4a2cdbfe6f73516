/** Random search's draw: one config from the space. */
import { axisOf } from './axis';
import { resolveConfig } from './active';
import type { Config } from './config';
import type { Parameter } from './model';
import type { Random } from '../random';

/**
 * Samples one config: log parameters spread evenly in log space, stepped ones
 * land on lo + k*step, ints include both ends, choice and ordinal are uniform.
 * Constants are included; parameters whose condition fails are absent.
 *
 * Exactly one number is drawn for every non-constant parameter, active or not,
 * in declaration order, so every config consumes the same amount of the stream
 * and `sampleConfig` equals `decodeUnit` of those draws.
 */
export function sampleConfig(params: readonly Parameter[], rng: Random): Config {
  const draws = new Map<string, number>();
  for (const p of params) if (p.distribution.kind !== 'constant') draws.set(p.name, rng.float());
  return resolveConfig(params, (p) => axisOf(p).fromUnit(draws.get(p.name) ?? 0.5));
}
