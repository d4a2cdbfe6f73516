/**
 * Searchers propose configurations. They see the whole RunState: completed,
 * running and pending trials at every fidelity, so a model-based searcher can
 * use partial results and account for pending work. Like schedulers they keep
 * no state of their own: the same RunState proposes the same config.
 */
import type { RunState } from '../journal/state';
import type { Config } from '../space/config';

export interface Searcher {
  /**
   * A new configuration for a trial in `bracket`, or undefined when a finite
   * space is exhausted (no configuration repeats until then).
   */
  suggest(state: RunState, bracket: number): Config | undefined;
}

/**
 * What a proposal actually runs as, where a backend can only run known
 * configurations (a recorded table replaces a proposal by its nearest row).
 * Must be a pure function: a searcher may call it on every candidate.
 */
export type Resolve = (config: Config) => Config;
