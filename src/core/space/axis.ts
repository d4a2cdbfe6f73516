/**
 * One parameter as an axis of the unit interval: `fromUnit(u)` turns any u in
 * [0, 1] into a valid value and `toUnit(v)` goes back. Sampling, encoding for
 * model-based searchers and grid enumeration all read parameters through here,
 * so they agree on what the values of a parameter are.
 *
 * Discrete axes (int, a uniform with `step`, choice, ordinal) split [0, 1] into
 * one bucket per value and encode a value as the centre of its bucket, so
 * `fromUnit(toUnit(v)) === v` exactly. Bucket widths:
 * - linear: equal, so every value is equally likely (a stepped range behaves
 *   like sampling [lo - step/2, hi + step/2] and rounding);
 * - log: the value's share of the log-scaled range, where the cells are split
 *   half-way between neighbouring values and the two outer cells are mirrored
 *   in log space around the end values (so they stay positive). For a log int
 *   this puts about the same mass in every decade.
 */
import type { Distribution, Parameter, Scalar } from './model';

export class SpaceError extends Error {}

export interface Axis {
  readonly parameter: Parameter;
  /** How many distinct values; Infinity for a continuous parameter. */
  readonly size: number;
  /** True for `choice`: the values have no order a model may exploit. */
  readonly categorical: boolean;
  /** The value for u in [0, 1]; u outside is clamped. */
  fromUnit(u: number): Scalar;
  /** The point in [0, 1] that stands for a value (the bucket centre for discrete axes). */
  toUnit(value: Scalar): number;
  /** The k-th value, 0 <= k < size; only for discrete axes. */
  valueAt(k: number): Scalar;
}

export function axisOf(p: Parameter): Axis {
  const d = p.distribution;
  switch (d.kind) {
    case 'constant':
      return listAxis(p, [d.value], false);
    case 'choice':
    case 'ordinal':
      if (d.values.length === 0) throw new SpaceError(`'${p.name}' has no values to choose from; give at least one.`);
      return listAxis(p, d.values, d.kind === 'choice');
    case 'int':
    case 'uniform':
      checkRange(p, d);
      if (d.kind === 'uniform' && d.step === undefined) return continuousAxis(p, d.low, d.high, d.log);
      return latticeAxis(p, lattice(p, d));
  }
}

function checkRange(p: Parameter, d: Extract<Distribution, { low: number }>): void {
  if (!Number.isFinite(d.low) || !Number.isFinite(d.high) || d.high < d.low) {
    throw new SpaceError(`'${p.name}' needs finite bounds with lo <= hi, got [${d.low}, ${d.high}].`);
  }
  if (d.log && d.low <= 0) throw new SpaceError(`'${p.name}' is log-scaled, so its lower bound must be above 0 (got ${d.low}).`);
  if (d.step !== undefined && !(d.step > 0)) throw new SpaceError(`step of '${p.name}' must be positive (got ${d.step}).`);
}

function clampUnit(u: number): number {
  if (Number.isNaN(u)) throw new SpaceError('a unit coordinate is NaN; a searcher must propose numbers in [0, 1].');
  return u < 0 ? 0 : u > 1 ? 1 : u;
}

function bucketOf(u: number, size: number): number {
  return Math.min(size - 1, Math.floor(clampUnit(u) * size));
}

function listAxis(p: Parameter, values: readonly Scalar[], categorical: boolean): Axis {
  return {
    parameter: p,
    size: values.length,
    categorical,
    fromUnit: (u) => values[bucketOf(u, values.length)] as Scalar,
    toUnit: (v) => {
      const k = values.indexOf(v);
      if (k < 0) throw new SpaceError(`${JSON.stringify(v)} is not one of the values of '${p.name}' (${values.map((x) => JSON.stringify(x)).join(', ')}).`);
      return (k + 0.5) / values.length;
    },
    valueAt: (k) => values[k] as Scalar,
  };
}

function continuousAxis(p: Parameter, low: number, high: number, log: boolean): Axis {
  const a = log ? Math.log(low) : low;
  const b = log ? Math.log(high) : high;
  const clampValue = (x: number): number => (x < low ? low : x > high ? high : x);
  return {
    parameter: p,
    size: low === high ? 1 : Infinity,
    categorical: false,
    fromUnit: (u) => {
      const t = a + clampUnit(u) * (b - a);
      return clampValue(log ? Math.exp(t) : t);
    },
    toUnit: (v) => {
      const x = numeric(p, v);
      if (b === a) return 0.5;
      return clampUnit(((log ? Math.log(clampValue(x)) : clampValue(x)) - a) / (b - a));
    },
    valueAt: () => {
      throw new SpaceError(`'${p.name}' is continuous; it has no list of values. Add a step to enumerate it.`);
    },
  };
}

/** Evenly spaced values lo, lo + step, ... never above hi. */
export interface Lattice {
  readonly low: number;
  readonly step: number;
  readonly size: number;
  readonly log: boolean;
  valueAt(k: number): number;
  /** The index of the lattice value nearest to x. */
  nearest(x: number): number;
}

export function lattice(p: Parameter, d: Extract<Distribution, { low: number }>): Lattice {
  if (d.kind === 'int') {
    const low = Math.ceil(d.low);
    const high = Math.floor(d.high);
    if (high < low) throw new SpaceError(`the int parameter '${p.name}' has no whole number in [${d.low}, ${d.high}].`);
    const step = Math.max(1, Math.round(d.step ?? 1));
    const size = Math.floor((high - low) / step) + 1;
    return makeLattice(low, step, size, d.log, (k) => low + k * step);
  }
  const step = d.step as number;
  // Count with a little slack so (0.3 - 0) / 0.1 = 2.9999999999999996 still yields 0.3.
  let last = Math.floor((d.high - d.low) / step + 1e-9);
  while (last > 0 && d.low + last * step > d.high + step * 1e-9) last--;
  const digits = Math.max(decimalsOf(d.low), decimalsOf(step));
  const tidy = digits <= 20 ? (x: number) => Number(x.toFixed(digits)) : (x: number) => x;
  return makeLattice(d.low, step, last + 1, d.log, (k) => Math.min(d.high, tidy(d.low + k * step)));
}

function makeLattice(low: number, step: number, size: number, log: boolean, valueAt: (k: number) => number): Lattice {
  return {
    low,
    step,
    size,
    log,
    valueAt,
    nearest: (x) => {
      const k = Math.round((x - low) / step);
      return k < 0 ? 0 : k >= size ? size - 1 : k;
    },
  };
}

/** Digits after the decimal point in a number's shortest form (1e-7 has 7, 0.05 has 2). */
function decimalsOf(x: number): number {
  const [mantissa, exponent] = String(x).split('e');
  const fraction = (mantissa ?? '').split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

function latticeAxis(p: Parameter, l: Lattice): Axis {
  const n = l.size;
  // Log buckets: cell edges in value space, outer edges mirrored around the end values in log space.
  const first = l.valueAt(0);
  const lastValue = l.valueAt(n - 1);
  const lowEdge = n > 1 ? Math.log((first * first) / (first + l.step / 2)) : 0;
  const highEdge = n > 1 ? Math.log((lastValue * lastValue) / (lastValue - l.step / 2)) : 0;
  const logCentre = (k: number): number => {
    const lo = k === 0 ? lowEdge : Math.log(l.low + (k - 0.5) * l.step);
    const hi = k === n - 1 ? highEdge : Math.log(l.low + (k + 0.5) * l.step);
    return ((lo + hi) / 2 - lowEdge) / (highEdge - lowEdge);
  };
  const useLog = l.log && n > 1;
  return {
    parameter: p,
    size: n,
    categorical: false,
    fromUnit: (u) => {
      if (!useLog) return l.valueAt(bucketOf(u, n));
      const x = Math.exp(lowEdge + clampUnit(u) * (highEdge - lowEdge));
      return l.valueAt(l.nearest(x));
    },
    toUnit: (v) => {
      const k = l.nearest(numeric(p, v));
      return useLog ? logCentre(k) : (k + 0.5) / n;
    },
    valueAt: (k) => l.valueAt(k),
  };
}

function numeric(p: Parameter, v: Scalar): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new SpaceError(`'${p.name}' takes numbers, not ${JSON.stringify(v)}.`);
  return v;
}
