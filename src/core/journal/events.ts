/**
 * The journal's events: the single source of truth of a run. Every view and
 * every resume replays them. Versioned: a reader refuses versions it does not
 * know rather than guessing; add fields, never change their meaning.
 */
import type { Config } from '../space/config';

export const JOURNAL_VERSION = 1;

export type Values = Readonly<Record<string, number>>;

export type EndState = 'paused' | 'completed' | 'stopped' | 'failed' | 'discarded';

interface Base {
  readonly v: typeof JOURNAL_VERSION;
  /** Epoch milliseconds (simulated time for table runs). */
  readonly at: number;
}

export type RunEvent =
  | (Base & { readonly type: 'run-started'; readonly runId: string; readonly studyFile: string; readonly seed: number; readonly simulated?: boolean })
  | (Base & { readonly type: 'engine-started'; readonly pid: number; readonly host: string })
  | (Base & { readonly type: 'trial-created'; readonly trial: string; readonly config: Config; readonly bracket: number; readonly resource: number; readonly row?: string; readonly proposed?: Config })
  /** Written before the backend is asked to launch, so a crash in between is detectable and never double-launches. */
  | (Base & { readonly type: 'launch-intent'; readonly trial: string; readonly launch: string; readonly resource: number; readonly fromResource: number })
  | (Base & { readonly type: 'trial-launched'; readonly trial: string; readonly launch: string; readonly host: string; readonly gpus: readonly string[]; readonly handle: string })
  | (Base & { readonly type: 'launch-failed'; readonly trial: string; readonly launch: string; readonly reason: string })
  | (Base & { readonly type: 'metric'; readonly trial: string; readonly launch: string; readonly resource: number; readonly values: Values; readonly converged?: boolean })
  | (Base & { readonly type: 'decision'; readonly trial: string; readonly action: 'promote' | 'pause' | 'stop' | 'continue'; readonly rung: number; readonly resource: number; readonly reason: string })
  | (Base & { readonly type: 'trial-ended'; readonly trial: string; readonly launch: string; readonly state: EndState; readonly reason: string; readonly exitCode?: number; readonly retry?: boolean })
  | (Base & { readonly type: 'power'; readonly host: string; readonly samples: readonly PowerSample[] })
  | (Base & { readonly type: 'control'; readonly request: 'stop-run' | 'stop-trial'; readonly trial?: string })
  | (Base & { readonly type: 'run-ended'; readonly reason: string; readonly halted?: boolean });

export interface PowerSample {
  /** GPU UUID. */
  readonly gpu: string;
  readonly t: number;
  /**
   * Set on a downsampled sample: `watts` is then the time-weighted mean power
   * over [from, t] (see core/energy/downsample.ts), and the sample stands for
   * that whole span rather than for the instant t.
   */
  readonly from?: number;
  /** Watts, or null where the driver reads [N/A]. */
  readonly watts: number | null;
  readonly util: number | null;
  readonly memMiB: number | null;
}

export type RunEventType = RunEvent['type'];

/** Distributes Omit over the union so each event keeps its own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewEvent = DistributiveOmit<RunEvent, 'v' | 'at'>;
