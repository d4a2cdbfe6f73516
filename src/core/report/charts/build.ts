/**
 * The charts panel's data from a RunState and its study: a full snapshot
 * when the panel opens, and patches while the journal grows (every section
 * but the learning curves is small after decimation and is sent whole; the
 * curves are sent only for the trials that changed).
 */
import type { RunState, Trial } from '../../journal/state';
import { rungLadder } from '../../schedule/plan';
import { DEFAULT_ENERGY, type EnergySettings, type Study } from '../../space/model';
import { CURVE_POINT_BUDGET, curveOf, curvesData, progressData } from './curves';
import { energyData } from './energy';
import type { ChartData, ChartPatch, ChartSelection, CurveSeries, ObjectiveInfo } from './model';
import { hypervolumeData, paretoData, type ChartObjective } from './pareto';

/** What the charts need of a study; `chartStudy` derives it. */
export interface ChartStudy {
  readonly name?: string;
  readonly objectives: readonly ChartObjective[];
  readonly resource: string;
  readonly rungs: readonly number[];
  readonly max: number;
  readonly earlyStopping: boolean;
  readonly energy: EnergySettings;
}

/** A study's chart settings; without a study (it does not parse any more) only what the journal says is shown. */
export function chartStudy(study: Study | undefined): ChartStudy {
  if (!study) return { objectives: [], resource: 'resource', rungs: [], max: Infinity, earlyStopping: false, energy: DEFAULT_ENERGY };
  const s = study.scheduler;
  return {
    ...(study.name !== undefined ? { name: study.name } : {}),
    // Built-ins (co2e, gpu_hours...) are journalled with every result like reported metrics, so they are plotted alike.
    objectives: study.objectives.map((o) => ({ name: o.name, mode: o.mode, ...(o.ref !== undefined ? { ref: o.ref } : {}) })),
    resource: s.resource,
    rungs: s.type === 'fifo' ? [] : rungLadder(s.min, s.max, s.reduction),
    max: s.max,
    earlyStopping: s.type !== 'fifo',
    energy: study.energy,
  };
}

/** The selection made concrete: names that exist, defaulting to the first objectives. */
export function resolveSelection(study: ChartStudy, selection: ChartSelection): { x?: ChartObjective; y?: ChartObjective; metric?: ChartObjective } {
  const find = (name: string | undefined) => study.objectives.find((o) => o.name === name);
  const [first, second] = study.objectives;
  const x = find(selection.x) ?? first;
  const picked = find(selection.y) ?? (x === second ? first : second);
  const y = picked === x ? study.objectives.find((o) => o !== x) : picked;
  const metric = find(selection.metric) ?? first;
  return { ...(x ? { x } : {}), ...(y ? { y } : {}), ...(metric ? { metric } : {}) };
}

export function chartSnapshot(state: RunState, study: ChartStudy, selection: ChartSelection, now: number): ChartData {
  const { metric } = resolveSelection(study, selection);
  return {
    runId: state.runId,
    title: study.name ?? state.runId,
    simulated: state.simulated,
    objectives: study.objectives.map(info),
    ...sections(state, study, selection, now),
    ...(metric ? { curves: curvesData(state, info(metric), { resource: study.resource, rungs: study.rungs, max: study.max }) } : {}),
  };
}

/** What changed since the last message: the small sections whole, the curves of `trials` only. */
export function chartPatch(state: RunState, study: ChartStudy, selection: ChartSelection, now: number, trials: Iterable<string>): ChartPatch {
  return { ...sections(state, study, selection, now), curves: changedCurves(state, study, selection, trials) };
}

function sections(state: RunState, study: ChartStudy, selection: ChartSelection, now: number): Omit<ChartPatch, 'curves'> {
  const { x, y, metric } = resolveSelection(study, selection);
  const hv = x && y ? hypervolumeData(state, x, y) : undefined;
  return {
    trials: state.order.length,
    ended: state.ended !== undefined,
    ...(x && y ? { pareto: paretoData(state, x, y) } : {}),
    ...(hv ? { hypervolume: hv } : {}),
    ...(metric ? { progress: progressData(state, info(metric), now) } : {}),
    energy: energyData(state, study.energy, study, now),
  };
}

/** The curves of `trials` only (those the new events touched), at the snapshot's per-curve budget. */
export function changedCurves(state: RunState, study: ChartStudy, selection: ChartSelection, trials: Iterable<string>): CurveSeries[] {
  const { metric } = resolveSelection(study, selection);
  if (!metric) return [];
  const perCurve = Math.max(4, Math.floor(CURVE_POINT_BUDGET / Math.max(1, state.order.length)));
  const out: CurveSeries[] = [];
  for (const id of trials) {
    const t: Trial | undefined = state.trials.get(id);
    const s = t && curveOf(t, metric.name, study.max, perCurve);
    if (s) out.push(s);
  }
  return out;
}

const info = (o: ObjectiveInfo): ObjectiveInfo => ({ name: o.name, mode: o.mode });
