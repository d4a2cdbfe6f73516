/**
 * The benchmark protocol's scores, as pure functions of one run's evaluations
 * (in the order they happened) and the table replayed. Same definitions as the
 * peer baselines in docs/benchmarks.md, so the numbers sit side by side:
 *
 * (a) single objective: regret at B evaluations, evaluations to the best row (ftb);
 * (b) two objectives: hypervolume ratio and Pareto rows found (fbp) at B;
 * (c) multi-fidelity: regret of best_final at a cost in checkpoints.
 */
import { curveLength, curveOptimum } from '../src/core/table/curves';
import type { RecordedTable } from '../src/core/table/table';

export type Mode = 'max' | 'min';

export interface Evaluation {
  /** The row actually evaluated. */
  readonly row: string;
  /** Resource reached (checkpoints; the max resource for scalar tables). */
  readonly resource: number;
  /** Checkpoints trained in the run so far, this evaluation included (evaluations, for scalar tables): cumulative, never decreasing. */
  readonly cost: number;
  /** The trial is trained to completion (max resource, or its curve converged). */
  readonly complete: boolean;
  readonly values: Readonly<Record<string, number>>;
}

/** Values within this are equal: table metrics are printed with a few decimals. */
const EPSILON = 1e-9;

const better = (mode: Mode, a: number, b: number): boolean => (mode === 'max' ? a > b : a < b);
const gap = (mode: Mode, best: number, got: number): number => Math.max(0, mode === 'max' ? best - got : got - best);

/** Best value of a scalar metric over the table's rows. */
export function tableBest(table: RecordedTable, metric: string, mode: Mode): number {
  let best: number | undefined;
  for (const row of table.rows) {
    const v = row.metrics[metric];
    if (v !== undefined && (best === undefined || better(mode, v, best))) best = v;
  }
  if (best === undefined) throw new Error(`no row of the table has ${metric}`);
  return best;
}

/** Best value of `metric` among the first `budget` evaluations; undefined when none reported it. */
export function bestAmong(evaluations: readonly Evaluation[], metric: string, mode: Mode, budget = evaluations.length): number | undefined {
  let best: number | undefined;
  for (const e of evaluations.slice(0, budget)) {
    const v = e.values[metric];
    if (v !== undefined && (best === undefined || better(mode, v, best))) best = v;
  }
  return best;
}

/** (a) regret(B) = table best - best among the first B evaluations (mirrored for minimisation); Infinity with nothing evaluated. */
export function regretAt(evaluations: readonly Evaluation[], metric: string, mode: Mode, best: number, budget: number): number {
  const got = bestAmong(evaluations, metric, mode, budget);
  return got === undefined ? Number.POSITIVE_INFINITY : gap(mode, best, got);
}

/** (a) ftb: evaluations until one reaches the table's best (1-based); undefined if the run never does. */
export function evaluationsToBest(evaluations: readonly Evaluation[], metric: string, mode: Mode, best: number): number | undefined {
  const i = evaluations.findIndex((e) => e.values[metric] !== undefined && !better(mode, best, (e.values[metric] as number) + (mode === 'max' ? EPSILON : -EPSILON)));
  return i < 0 ? undefined : i + 1;
}

/** (b) fbp(B): distinct rows of the true Pareto front among the first B evaluations. */
export function paretoRowsFound(evaluations: readonly Evaluation[], front: ReadonlySet<string>, budget: number): number {
  const found = new Set<string>();
  for (const e of evaluations.slice(0, budget)) if (front.has(e.row)) found.add(e.row);
  return found.size;
}

/** Rows flagged `pareto: 1` in the table. */
export function paretoFront(table: RecordedTable): Set<string> {
  return new Set(table.rows.filter((r) => r.metrics['pareto'] === 1).map((r) => r.id));
}

export interface TwoObjectives {
  readonly first: { readonly name: string; readonly mode: Mode };
  readonly second: { readonly name: string; readonly mode: Mode };
}

/**
 * (b) HV ratio(B): both objectives normalised to [0, 1] as "distance from the
 * table's best" with min/max over the whole table, reference point (1, 1);
 * HV(first B evaluations) / HV(all rows).
 */
export function hypervolumeRatio(evaluations: readonly Evaluation[], table: RecordedTable, objectives: TwoObjectives, budget: number): number {
  const normalise = normaliser(table, objectives);
  const all = table.rows.map((r) => normalise(r.metrics));
  const got = evaluations.slice(0, budget).map((e) => normalise(e.values));
  const whole = hypervolume2d(all);
  return whole === 0 ? 0 : hypervolume2d(got) / whole;
}

function normaliser(table: RecordedTable, { first, second }: TwoObjectives): (values: Readonly<Record<string, number>>) => [number, number] {
  const axis = (name: string, mode: Mode): ((v: number) => number) => {
    const vs = table.rows.map((r) => r.metrics[name]).filter((v): v is number => v !== undefined);
    if (vs.length === 0) throw new Error(`no row of the table has ${name}`);
    const lo = Math.min(...vs);
    const hi = Math.max(...vs);
    const span = hi - lo || 1;
    return (v) => (mode === 'max' ? (hi - v) / span : (v - lo) / span);
  };
  const f1 = axis(first.name, first.mode);
  const f2 = axis(second.name, second.mode);
  return (values) => [f1(values[first.name] ?? Number.NaN), f2(values[second.name] ?? Number.NaN)];
}

/** Area dominated by minimised points inside [0, ref] x [0, ref]. Points outside the box add nothing. */
export function hypervolume2d(points: readonly (readonly [number, number])[], ref: readonly [number, number] = [1, 1]): number {
  const inside = points.filter(([a, b]) => a < ref[0] && b < ref[1]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  let area = 0;
  let ceiling = ref[1];
  for (const [a, b] of inside) {
    if (b >= ceiling) continue;
    area += (ref[0] - a) * (ceiling - b);
    ceiling = b;
  }
  return area;
}

/** (c) U: mean curve length over the corpus, the expected cost of one full training. */
export function meanCurveLength(table: RecordedTable): number {
  return table.rows.reduce((sum, r) => sum + curveLength(r), 0) / table.rows.length;
}

/** (c) The corpus's best row: the best curve optimum. */
export function bestOptimum(table: RecordedTable, metric: string, mode: Mode): number {
  let best: number | undefined;
  for (const row of table.rows) {
    const curve = row.curves[metric];
    if (!curve) throw new Error(`row ${row.id} has no ${metric}_curve`);
    const v = curveOptimum(curve, mode);
    if (best === undefined || better(mode, v, best)) best = v;
  }
  if (best === undefined) throw new Error('the table has no rows');
  return best;
}

/**
 * (c) best_final(C): the best final value among trials that completed while the
 * cumulative cost was at most C; undefined when none had.
 */
export function bestFinalWithin(evaluations: readonly Evaluation[], metric: string, mode: Mode, cost: number): number | undefined {
  let best: number | undefined;
  for (const e of evaluations) {
    if (e.cost > cost + EPSILON) break;
    const v = e.values[metric];
    if (e.complete && v !== undefined && (best === undefined || better(mode, v, best))) best = v;
  }
  return best;
}

/** (c) Regret of best_final(C) against the corpus's best; Infinity when nothing completed within C. */
export function finalRegretWithin(evaluations: readonly Evaluation[], metric: string, mode: Mode, best: number, cost: number): number {
  const got = bestFinalWithin(evaluations, metric, mode, cost);
  return got === undefined ? Number.POSITIVE_INFINITY : gap(mode, best, got);
}

export interface Spread {
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
}

/** Linear-interpolated quantile (numpy's default), q in [0, 1]; Infinity stands for "never". */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('no values to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const frac = pos - lo;
  const a = sorted[lo] as number;
  if (frac === 0) return a;
  const b = sorted[lo + 1] as number;
  if (b === Number.POSITIVE_INFINITY) return b;
  return a + (b - a) * frac;
}

/** Median [25th, 75th] over seeds, the protocol's summary. */
export function spread(values: readonly number[]): Spread {
  return { median: quantile(values, 0.5), p25: quantile(values, 0.25), p75: quantile(values, 0.75) };
}

/** "0.73 [0.23, 1.11]"; `never` replaces Infinity (">118" for ftb, "none" for a regret with nothing completed). */
export function formatSpread(s: Spread, digits = 2, never = 'none'): string {
  const f = (x: number): string => (x === Number.POSITIVE_INFINITY ? never : x.toFixed(digits));
  return `${f(s.median)} [${f(s.p25)}, ${f(s.p75)}]`;
}
