/** RunState: what the journal says about a run, derived by the reducer and nothing else. */
import type { Config } from '../space/config';
import type { EndState, Values } from './events';

export type TrialState = 'pending' | 'running' | EndState;

export interface Observation {
  readonly resource: number;
  readonly values: Values;
  readonly at: number;
  readonly launch: string;
}

export interface Launch {
  readonly id: string;
  readonly resource: number;
  readonly fromResource: number;
  readonly intentAt: number;
  /** Set once the backend confirmed the launch. */
  readonly launchedAt?: number;
  readonly host?: string;
  readonly gpus: readonly string[];
  readonly handle?: string;
  readonly endedAt?: number;
  readonly endState?: EndState;
  readonly exitCode?: number;
  readonly failed?: string;
}

export interface Trial {
  readonly id: string;
  readonly config: Config;
  readonly bracket: number;
  /** The resource its first launch was planned to reach. */
  readonly resource: number;
  readonly row?: string;
  /** The searcher's proposal, when a recorded table replaced it by the row `config` is (it is tried too). */
  readonly proposed?: Config;
  readonly createdAt: number;
  readonly state: TrialState;
  readonly observations: readonly Observation[];
  readonly launches: readonly Launch[];
  /** Largest resource with a reported result. */
  readonly reached: number;
  /** The trial ended before its requested resource, saying it converged: it is complete there. */
  readonly converged: boolean;
  /** Rungs (by resource) this trial was promoted from. */
  readonly promotedFrom: readonly number[];
  readonly retries: number;
  readonly endReason?: string;
  readonly stopRequested: boolean;
  /** The scheduler stopped it at a rung (early stopping proper, not a user or a divergence). */
  readonly earlyStopped: boolean;
  /** Why a stop was asked for (early stopping, divergence, a user). */
  readonly stopReason?: string;
}

/** One GPU's power reading: at the instant `t`, or the mean over [from, t] when `from` is set. */
export interface PowerPoint {
  readonly t: number;
  readonly watts: number | null;
  readonly from?: number;
}

export interface RunState {
  readonly runId: string;
  readonly studyFile: string;
  readonly seed: number;
  readonly simulated: boolean;
  readonly startedAt: number;
  readonly lastAt: number;
  readonly trials: ReadonlyMap<string, Trial>;
  /** Trial ids in creation order. */
  readonly order: readonly string[];
  readonly stopRequested: boolean;
  readonly ended?: { readonly reason: string; readonly at: number; readonly halted: boolean };
  readonly engines: readonly { readonly pid: number; readonly host: string; readonly at: number }[];
  /** Power samples per host, then per GPU UUID, in time order (stand-ins on several hosts may share UUIDs). */
  readonly power: ReadonlyMap<string, ReadonlyMap<string, readonly PowerPoint[]>>;
  readonly events: number;
}


export const isLive = (t: Trial): boolean => t.state === 'running' || t.state === 'pending';
export const currentLaunch = (t: Trial): Launch | undefined => t.launches[t.launches.length - 1];

/** The value of a metric a trial reported at a resource, or the last one reported at or below it. */
export function valueAt(t: Trial, metric: string, resource: number): number | undefined {
  let best: Observation | undefined;
  for (const o of t.observations) {
    if (o.resource <= resource + 1e-9 && metric in o.values && (!best || o.resource >= best.resource)) best = o;
  }
  return best?.values[metric];
}
