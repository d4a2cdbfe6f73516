/** The Pareto scatter of two objectives and the hypervolume of everything reported, over time. */
import { valueAt, type RunState, type Trial } from '../../journal/state';
import { front2d } from '../../pareto/front2d';
import { hypervolume } from '../../pareto/hypervolume';
import { referencePoint } from '../../pareto/reference';
import { configSummary } from './config-summary';
import { capPoints } from './decimate';
import type { HypervolumeData, ObjectiveInfo, ParetoData, ParetoPoint, XY } from './model';

export interface ChartObjective extends ObjectiveInfo {
  /** The study's hypervolume reference for this objective, when given. */
  readonly ref?: number;
}

/** More points than this and the dominated ones are thinned (the front never is). */
export const SCATTER_CAP = 2000;
/** The hypervolume series is decimated to this many steps. */
export const HV_STEPS = 400;

const sign = (o: ObjectiveInfo): number => (o.mode === 'max' ? -1 : 1);

/**
 * Each trial at the largest resource it reached (as the leaderboard ranks
 * it), with whether it is on the front of `x` and `y`.
 */
export function paretoData(state: RunState, x: ChartObjective, y: ChartObjective, cap = SCATTER_CAP): ParetoData {
  const trials: Trial[] = [];
  const vectors: (readonly [number, number])[] = [];
  for (const id of state.order) {
    const t = state.trials.get(id);
    if (!t) continue;
    const vx = valueAt(t, x.name, t.reached);
    const vy = valueAt(t, y.name, t.reached);
    if (vx === undefined || vy === undefined || !Number.isFinite(vx) || !Number.isFinite(vy)) continue;
    trials.push(t);
    vectors.push([vx, vy]);
  }
  const front = front2d(vectors.map(([vx, vy]) => [sign(x) * vx, sign(y) * vy] as const));
  const indices = [...trials.keys()];
  const frontIdx = indices.filter((i) => front[i]);
  const kept = capPoints(indices.filter((i) => !front[i]), Math.max(0, cap - frontIdx.length), () => false);
  // Configs are summarised only for the points sent: at 10,000 trials most are thinned away.
  const point = (i: number): ParetoPoint => {
    const t = trials[i] as Trial;
    const [vx, vy] = vectors[i] as readonly [number, number];
    return { trial: t.id, x: vx, y: vy, front: front[i] === true, resource: t.reached, state: t.state, config: configSummary(t.config) };
  };
  return { x: strip(x), y: strip(y), points: [...frontIdx.map(point), ...kept.map(point)], total: trials.length, frontSize: frontIdx.length };
}

/**
 * Hypervolume of every result reported up to each moment (each observation
 * with both objectives is a point, whatever its resource): it can only grow,
 * so the curve reads as progress. Reference: the study's `ref:` where given,
 * else the rule in core/pareto/reference.ts over all points.
 */
export function hypervolumeData(state: RunState, x: ChartObjective, y: ChartObjective, steps = HV_STEPS): HypervolumeData | undefined {
  const events: { at: number; p: readonly [number, number] }[] = [];
  for (const t of state.trials.values()) {
    for (const o of t.observations) {
      const vx = o.values[x.name];
      const vy = o.values[y.name];
      if (vx === undefined || vy === undefined || !Number.isFinite(vx) || !Number.isFinite(vy)) continue;
      events.push({ at: o.at, p: [sign(x) * vx, sign(y) * vy] });
    }
  }
  const givenX = x.ref === undefined ? undefined : sign(x) * x.ref;
  const givenY = y.ref === undefined ? undefined : sign(y) * y.ref;
  const ref = referencePoint(events.map((e) => e.p), [givenX, givenY]);
  if (!ref) return undefined;
  events.sort((a, b) => a.at - b.at);
  const series: XY[] = [];
  // The current front, sorted by x ascending (so y descending); only points inside the reference matter.
  let front: (readonly [number, number])[] = [];
  let volume = 0;
  for (const e of events) {
    if (!(e.p[0] < (ref[0] as number) && e.p[1] < (ref[1] as number))) continue;
    if (front.some((q) => q[0] <= e.p[0] && q[1] <= e.p[1])) continue;
    front = [...front.filter((q) => !(e.p[0] <= q[0] && e.p[1] <= q[1])), e.p].sort((a, b) => a[0] - b[0]);
    volume = hypervolume(front, ref);
    const seconds = Math.max(0, (e.at - state.startedAt) / 1000);
    const last = series[series.length - 1];
    if (last && last[0] === seconds) series[series.length - 1] = [seconds, volume];
    else series.push([seconds, volume]);
  }
  const givenBoth = givenX !== undefined && givenY !== undefined;
  const rule = givenBoth ? 'reference point from the study (ref:)' : givenX !== undefined || givenY !== undefined
    ? 'reference point: the study\'s ref: where given, else the worst value seen plus 10% of the range'
    : 'reference point: the worst value seen in each objective plus 10% of its range (set ref: on the objectives to fix it)';
  return {
    series: stepDecimate(series, steps),
    reference: [sign(x) * (ref[0] as number), sign(y) * (ref[1] as number)],
    referenceRule: rule,
  };
}

/** A non-decreasing step series thinned to `steps` points, keeping the first and last. */
function stepDecimate(series: readonly XY[], steps: number): XY[] {
  if (series.length <= steps) return [...series];
  const out: XY[] = [];
  for (let k = 0; k < steps; k++) out.push(series[Math.round((k * (series.length - 1)) / (steps - 1))] as XY);
  return out;
}

const strip = (o: ChartObjective): ObjectiveInfo => ({ name: o.name, mode: o.mode });
