/**
 * Commands the charts call but the Runs view owns. Both take
 * `{ runDir, trial }`. When the Runs view is not there (an older build, or
 * it failed to load) the panel says so instead of failing silently.
 */
export const REVEAL_TRIAL_COMMAND = 'rung.revealTrial';
export const OPEN_TRIAL_LOG_COMMAND = 'rung.openTrialLog';

export interface TrialRef {
  readonly runDir: string;
  readonly trial: string;
}
