/**
 * The scheduler decides; the tuner loop acts. Schedulers are pure functions
 * of the RunState (rebuilt from the journal), so a resumed run decides exactly
 * as the uninterrupted one would have: no scheduler state is ever saved.
 */
import type { RunState, Trial } from '../journal/state';

export type SchedulerAction =
  /** Start a new configuration in a bracket, trained up to `resource`. */
  | { readonly kind: 'create'; readonly bracket: number; readonly resource: number }
  /** Resume a paused trial from its checkpoint up to a larger `resource` (promotion). */
  | { readonly kind: 'resume'; readonly trial: string; readonly resource: number; readonly fromRung: number };

export interface Objective {
  readonly name: string;
  readonly mode: 'max' | 'min';
}

export interface Scheduler {
  /** Budget levels of the rungs of a bracket, ascending; the last is the max resource. */
  rungs(bracket: number): readonly number[];
  /**
   * What a free slot should do now. `mayCreate` is false once the trial
   * budget is spent or the space is exhausted; promotions may still happen.
   * Undefined: nothing to do until a result arrives.
   */
  next(state: RunState, mayCreate: boolean): SchedulerAction | undefined;
  /**
   * A running trial reported results up to `resource`. Stopping-mode ASHA
   * answers 'stop' when the trial reached a rung outside its top fraction.
   */
  onResult(state: RunState, trial: Trial, resource: number): { readonly action: 'continue' | 'stop'; readonly rung?: number; readonly reason?: string };
  /** A launch ended cleanly: 'paused' when it may still be promoted, 'completed' at the last rung or when converged. */
  onLaunchEnd(state: RunState, trial: Trial): 'paused' | 'completed';
}
