/**
 * What the charts panel draws, computed in the extension host from a RunState
 * and sent to the webview as plain JSON. Shapes are compact (pairs, not
 * objects, where there are thousands) because a 10,000-trial run crosses the
 * webview boundary on every snapshot.
 */
import type { TrialState } from '../../journal/state';

export interface ObjectiveInfo {
  readonly name: string;
  readonly mode: 'max' | 'min';
}

/** [x, y] */
export type XY = readonly [number, number];

export interface ParetoPoint {
  readonly trial: string;
  readonly x: number;
  readonly y: number;
  /** On the non-dominated front of the two objectives shown. */
  readonly front: boolean;
  readonly resource: number;
  readonly state: TrialState;
  /** `key=value` pairs of the config, for the hover. */
  readonly config: string;
}

export interface ParetoData {
  readonly x: ObjectiveInfo;
  readonly y: ObjectiveInfo;
  /** Front points first, then dominated ones; dominated ones are capped for large runs. */
  readonly points: readonly ParetoPoint[];
  /** Trials with both objectives, before the cap. */
  readonly total: number;
  readonly frontSize: number;
}

export interface HypervolumeData {
  /** [seconds since the run started, hypervolume]: non-decreasing. */
  readonly series: readonly XY[];
  /** In the objectives' own units and directions. */
  readonly reference: readonly [number, number];
  /** Where the reference point came from, for the caption. */
  readonly referenceRule: string;
}

export interface CurveSeries {
  readonly trial: string;
  /** [resource, value] in resource order, decimated for long curves. */
  readonly points: readonly XY[];
  readonly state: TrialState;
  /** Resources (rungs) the trial was promoted from. */
  readonly promoted: readonly number[];
  /** Stopped or paused below the largest rung: early stopping ended it. */
  readonly stoppedAt?: number;
  readonly config: string;
}

export interface CurvesData {
  readonly metric: ObjectiveInfo;
  readonly resource: string;
  /** Rung boundaries from the study's scheduler (empty for FIFO). */
  readonly rungs: readonly number[];
  readonly trials: readonly CurveSeries[];
}

export interface ProgressData {
  readonly metric: ObjectiveInfo;
  /** Best value so far vs seconds since the run started. */
  readonly wall: readonly XY[];
  /** Best value so far vs accelerator hours (GPU hours, or trial hours where trials used no GPU). */
  readonly compute: readonly XY[];
  readonly computeUnit: 'GPU hours' | 'trial hours';
}

export interface EnergyBar {
  /** A trial id, or a range `t0001..t0050` when trials were grouped to keep the chart readable. */
  readonly label: string;
  readonly kwh: number;
  readonly co2eKg: number;
}

export interface EnergyData {
  readonly bars: readonly EnergyBar[];
  /** Trials per bar (1 unless grouped). */
  readonly perBar: number;
  /** [seconds since start, kWh] and [seconds since start, kg CO2e], cumulative. */
  readonly cumulativeKwh: readonly XY[];
  readonly cumulativeCo2eKg: readonly XY[];
  readonly totalKwh: number;
  readonly totalCo2eKg: number;
  readonly pue: number;
  /** g CO2e per kWh. */
  readonly intensity: number;
  readonly measured: boolean;
  readonly assumption: string;
  /** Energy that early stopping avoided, estimated; absent when nothing was stopped early. */
  readonly saved?: { readonly kwh: number; readonly co2eKg: number; readonly trials: number };
}

export interface ChartData {
  readonly runId: string;
  readonly title: string;
  readonly simulated: boolean;
  readonly ended: boolean;
  readonly trials: number;
  readonly objectives: readonly ObjectiveInfo[];
  /** Absent with fewer than two objectives. */
  readonly pareto?: ParetoData;
  readonly hypervolume?: HypervolumeData;
  /** Absent when no objective is defined. */
  readonly curves?: CurvesData;
  readonly progress?: ProgressData;
  readonly energy: EnergyData;
}

/** What changes while a run grows: every section but the curves whole, the curves only of trials that changed. */
export interface ChartPatch {
  readonly trials: number;
  readonly ended: boolean;
  readonly pareto?: ParetoData;
  readonly hypervolume?: HypervolumeData;
  readonly progress?: ProgressData;
  readonly energy: EnergyData;
  /** Curves to add or replace, by trial. */
  readonly curves: readonly CurveSeries[];
}

/** Which objectives the panel shows: chosen by the user, defaulted by the extension. */
export interface ChartSelection {
  readonly x?: string;
  readonly y?: string;
  readonly metric?: string;
}
