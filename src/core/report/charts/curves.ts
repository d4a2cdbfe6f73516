/** Learning curves (metric vs resource per trial) and the best value so far over wall time and compute. */
import type { RunState, Trial } from '../../journal/state';
import { configSummary } from './config-summary';
import { lttb } from './decimate';
import { computeHoursAt, usesGpus } from './compute-time';
import type { CurveSeries, CurvesData, ObjectiveInfo, ProgressData, XY } from './model';

/** Points across all curves; each curve gets an equal share, at least MIN_PER_CURVE. */
export const CURVE_POINT_BUDGET = 60_000;
const MIN_PER_CURVE = 4;
const PROGRESS_STEPS = 400;

export interface CurveScheduler {
  readonly resource: string;
  /** Rung boundaries (rungLadder of the study's scheduler); empty for FIFO. */
  readonly rungs: readonly number[];
  readonly max: number;
}

export function curvesData(state: RunState, metric: ObjectiveInfo, scheduler: CurveScheduler, budget = CURVE_POINT_BUDGET): CurvesData {
  const trials = state.order.map((id) => state.trials.get(id)).filter((t): t is Trial => t !== undefined);
  const perCurve = Math.max(MIN_PER_CURVE, Math.floor(budget / Math.max(1, trials.length)));
  const series: CurveSeries[] = [];
  for (const t of trials) {
    const s = curveOf(t, metric.name, scheduler.max, perCurve);
    if (s) series.push(s);
  }
  return { metric, resource: scheduler.resource, rungs: scheduler.rungs, trials: series };
}

/** One trial's curve, or undefined when it never reported the metric. */
export function curveOf(t: Trial, metric: string, max: number, perCurve: number): CurveSeries | undefined {
  const byResource = new Map<number, number>();
  // Later reports at a resource win: a promoted trial's relaunch may report a resource again.
  for (const o of t.observations) {
    const v = o.values[metric];
    if (v !== undefined && Number.isFinite(v)) byResource.set(o.resource, v);
  }
  if (byResource.size === 0) return undefined;
  const points = [...byResource].sort((a, b) => a[0] - b[0]) as XY[];
  const stoppedEarly = (t.state === 'stopped' || t.state === 'paused') && !t.converged && t.reached < max - 1e-9;
  return {
    trial: t.id,
    points: lttb(points, perCurve),
    state: t.state,
    promoted: [...t.promotedFrom],
    ...(stoppedEarly ? { stoppedAt: t.reached } : {}),
    config: configSummary(t.config),
  };
}

/**
 * The best value of `metric` reported so far (at any resource), as a step
 * series over seconds since the start and over compute hours spent by then.
 */
export function progressData(state: RunState, metric: ObjectiveInfo, now: number): ProgressData {
  const reports: { at: number; v: number }[] = [];
  for (const t of state.trials.values()) {
    for (const o of t.observations) {
      const v = o.values[metric.name];
      if (v !== undefined && Number.isFinite(v)) reports.push({ at: o.at, v });
    }
  }
  reports.sort((a, b) => a.at - b.at);
  const better = metric.mode === 'max' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  const improvements: { at: number; v: number }[] = [];
  for (const r of reports) {
    const last = improvements[improvements.length - 1];
    if (!last || better(r.v, last.v)) improvements.push(r);
  }
  // The series runs on to now (or the run's end) so a flat tail shows time spent without gains.
  const last = improvements[improvements.length - 1];
  const end = state.ended?.at ?? now;
  if (last && end > last.at) improvements.push({ at: end, v: last.v });
  const thinned = thin(improvements, PROGRESS_STEPS);
  const hours = computeHoursAt(state, thinned.map((r) => r.at), now);
  return {
    metric,
    wall: thinned.map((r) => [Math.max(0, (r.at - state.startedAt) / 1000), r.v] as const),
    compute: thinned.map((r, i) => [hours[i] as number, r.v] as const),
    computeUnit: usesGpus(state) ? 'GPU hours' : 'trial hours',
  };
}

function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const out: T[] = [];
  for (let k = 0; k < max; k++) out.push(items[Math.round((k * (items.length - 1)) / (max - 1))] as T);
  return out;
}
