/**
 * Configs as points of the unit hypercube, for model-based searchers.
 *
 * One dimension per non-constant parameter, in declaration order. Uniform
 * parameters map linearly, log parameters linearly in log space, discrete ones
 * (int, stepped, choice, ordinal) to one bucket per value (see axis.ts).
 *
 * Guarantees:
 * - `decode(u)` is a valid config for every u (coordinates outside [0, 1] are clamped);
 * - `decode(encode(c).u)` gives back `c` exactly for discrete parameters, and
 *   within rounding (relative 1e-12 of the range, or of the value when log) for continuous ones;
 * - an inactive parameter is encoded as INACTIVE_COORDINATE with `active` false,
 *   so a model can ignore or mask it; decoding drops parameters whose condition fails.
 */
import { axisOf, SpaceError, type Axis } from './axis';
import { activeParameters, resolveConfig } from './active';
import type { Config } from './config';
import type { Parameter, Scalar } from './model';

/** The coordinate an inactive parameter gets: the middle, so it biases no distance. */
export const INACTIVE_COORDINATE = 0.5;

export interface Dimension {
  readonly name: string;
  readonly parameter: Parameter;
  /** Number of distinct values; Infinity when continuous. */
  readonly size: number;
  /** True for `choice`, whose values have no order. */
  readonly categorical: boolean;
}

export interface EncodedConfig {
  readonly u: number[];
  readonly active: boolean[];
}

export interface SpaceEncoder {
  readonly dimensions: readonly Dimension[];
  encode(config: Readonly<Record<string, Scalar | undefined>>): EncodedConfig;
  decode(u: readonly number[]): Config;
}

export function spaceEncoder(params: readonly Parameter[]): SpaceEncoder {
  const axes: Axis[] = params.filter((p) => p.distribution.kind !== 'constant').map(axisOf);
  const index = new Map(axes.map((a, i) => [a.parameter.name, i]));
  const dimensions: Dimension[] = axes.map((a) => ({ name: a.parameter.name, parameter: a.parameter, size: a.size, categorical: a.categorical }));
  return {
    dimensions,
    encode(config) {
      const active = new Set(activeParameters(params, config).map((p) => p.name));
      const u: number[] = [];
      const mask: boolean[] = [];
      for (const a of axes) {
        const name = a.parameter.name;
        const value = config[name];
        if (!active.has(name)) {
          u.push(INACTIVE_COORDINATE);
          mask.push(false);
          continue;
        }
        if (value === undefined) throw new SpaceError(`the config has no value for '${name}', which is active in it; give every active parameter a value.`);
        u.push(a.toUnit(value));
        mask.push(true);
      }
      return { u, active: mask };
    },
    decode(u) {
      if (u.length !== axes.length) throw new SpaceError(`a point needs ${axes.length} coordinates (one per searched parameter), got ${u.length}.`);
      return resolveConfig(params, (p) => {
        const i = index.get(p.name);
        return i === undefined ? axisOf(p).fromUnit(0) : (axes[i] as Axis).fromUnit(u[i] as number);
      });
    },
  };
}
