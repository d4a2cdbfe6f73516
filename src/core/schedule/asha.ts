/**
 * ASHA (Li et al., "A system for massively parallel hyperparameter tuning",
 * MLSys 2020): one bracket of asynchronous successive halving.
 *
 * promotion: trials train to the first rung and pause; a free slot first
 *   promotes the best waiting trial (see promotion.ts), else starts a new one.
 * stopping: trials train to max and are stopped at a rung when outside its
 *   top 1/eta (see stopping.ts).
 */
import { findPromotion } from './promotion';
import { endOfLaunch, rungLadder, type HalvingSettings, type RungBracket } from './rungs';
import type { Objective, Scheduler } from './scheduler';
import { judgeResult } from './stopping';

export interface AshaOptions {
  readonly min: number;
  readonly max: number;
  readonly eta: number;
  readonly mode: 'promotion' | 'stopping';
  readonly objectives: readonly Objective[];
}

/** The single bracket's id in `trial-created` events. */
export const ASHA_BRACKET = 0;

export function createAsha(options: AshaOptions): Scheduler {
  const levels = rungLadder(options.min, options.max, options.eta);
  if (levels.length === 0) throw new RangeError(`ASHA needs min > 0, max >= min and reduction >= 2 (got min ${options.min}, max ${options.max}, reduction ${options.eta})`);
  const bracket: RungBracket = { id: ASHA_BRACKET, levels };
  const settings: HalvingSettings = { eta: options.eta, objectives: options.objectives };
  const first = levels[0] as number;

  if (options.mode === 'stopping') {
    return {
      rungs: () => levels,
      next: (_state, mayCreate) => (mayCreate ? { kind: 'create', bracket: ASHA_BRACKET, resource: options.max } : undefined),
      onResult: (state, trial, resource) => judgeResult(state, bracket, settings, trial, resource),
      onLaunchEnd: () => 'completed',
    };
  }
  return {
    rungs: () => levels,
    next: (state, mayCreate) => findPromotion(state, bracket, settings, !mayCreate) ?? (mayCreate ? { kind: 'create', bracket: ASHA_BRACKET, resource: first } : undefined),
    onResult: () => ({ action: 'continue' }),
    onLaunchEnd: (_state, trial) => endOfLaunch(trial, options.max),
  };
}
