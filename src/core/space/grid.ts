/**
 * Grid search's space: every combination of parameter values, counted without
 * enumerating and enumerated lazily in a fixed order.
 *
 * Values per parameter: a stepped uniform gives lo, lo + step, ... <= hi; an
 * int every step-th integer (every integer without a step, log or not); choice
 * and ordinal their values; a constant its value. A parameter whose condition
 * fails in a combination contributes one way (its absence) to that combination.
 */
import { isActive } from './active';
import { axisOf, type Axis } from './axis';
import { conditionNames } from './condition';
import type { Config } from './config';
import type { Parameter, Scalar } from './model';
import { parameterOrder } from './order';

export class GridError extends Error {}

/** Above this many configs a grid is refused: it could not finish in any useful time. */
export const GRID_LIMIT = 10_000_000;

/** Controller combinations gridSize will walk before giving up. */
const COUNT_BRANCH_LIMIT = 1_000_000;

/**
 * The number of distinct configs of the grid: Infinity when a parameter is
 * continuous (a uniform without step). Counted exactly with bigint and returned
 * as a number, so it is exact up to 2^53. Only the parameters that conditions
 * read are branched over; every other parameter just multiplies.
 */
export function gridSize(params: readonly Parameter[]): number {
  const axes = params.map(axisOf);
  if (axes.some((a) => a.size === Infinity)) return Infinity;
  const order = parameterOrder(params);
  const byName = new Map(axes.map((a) => [a.parameter.name, a]));
  const read = new Set(params.flatMap((p) => (p.when?.condition ? conditionNames(p.when.condition).map((r) => r.name) : [])));
  const controllers = order.filter((p) => read.has(p.name));
  const others = order.filter((p) => !read.has(p.name));
  let branches = 0;
  const count = (i: number, values: Record<string, Scalar>): bigint => {
    if (i === controllers.length) {
      if (++branches > COUNT_BRANCH_LIMIT) throw new GridError(`The conditions of this space branch over more than ${COUNT_BRANCH_LIMIT} combinations, too many to count; give the parameters that conditions read fewer values.`);
      let product = 1n;
      for (const p of others) if (isActive(p, values)) product *= BigInt((byName.get(p.name) as Axis).size);
      return product;
    }
    const p = controllers[i] as Parameter;
    if (!isActive(p, values)) return count(i + 1, values);
    const axis = byName.get(p.name) as Axis;
    let total = 0n;
    for (let k = 0; k < axis.size; k++) total += count(i + 1, { ...values, [p.name]: axis.valueAt(k) });
    return total;
  };
  return Number(count(0, {}));
}

/** Throws a GridError that says what to change when the grid is infinite or larger than `limit`. */
export function assertGridEnumerable(params: readonly Parameter[], limit = GRID_LIMIT): number {
  const continuous = params.find((p) => axisOf(p).size === Infinity);
  if (continuous) throw new GridError(`Grid search cannot enumerate the continuous '${continuous.name}'; add a step or use choice.`);
  const size = gridSize(params);
  if (size > limit) throw new GridError(`The grid has ${size.toExponential(2)} configs, more than ${limit}; add larger steps, fewer choices, or use random or bo search.`);
  return size;
}

/**
 * Every config of the grid, lazily. The order is fixed: parameters in
 * dependency order, the first varying slowest, values in their listed order.
 */
export function* gridConfigs(params: readonly Parameter[]): Generator<Config, void, undefined> {
  const continuous = params.find((p) => axisOf(p).size === Infinity);
  if (continuous) throw new GridError(`Grid search cannot enumerate the continuous '${continuous.name}'; add a step or use choice.`);
  const order = parameterOrder(params);
  const axes = order.map(axisOf);
  const n = order.length;
  const index: number[] = new Array<number>(n).fill(-1);
  const values: Record<string, Scalar> = {};
  // Sets every position from `from` on to its first value, or marks it inactive (-1).
  const reset = (from: number): void => {
    for (let i = from; i < n; i++) {
      const p = order[i] as Parameter;
      if (isActive(p, values)) {
        index[i] = 0;
        values[p.name] = (axes[i] as Axis).valueAt(0);
      } else {
        index[i] = -1;
        delete values[p.name];
      }
    }
  };
  const snapshot = (): Config => {
    const config: Config = {};
    for (const p of params) if (p.name in values) config[p.name] = values[p.name] as Scalar;
    return config;
  };
  reset(0);
  yield snapshot();
  for (;;) {
    let i = n - 1;
    while (i >= 0 && (index[i] as number) + 1 >= (index[i] === -1 ? 0 : (axes[i] as Axis).size)) i--;
    if (i < 0) return;
    index[i] = (index[i] as number) + 1;
    values[(order[i] as Parameter).name] = (axes[i] as Axis).valueAt(index[i] as number);
    reset(i + 1);
    yield snapshot();
  }
}
