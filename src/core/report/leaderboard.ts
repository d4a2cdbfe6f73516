/** Leaderboards and rung tables from a RunState: what `rung status` prints and the tree shows. */
import { valueAt, type RunState, type Trial, type TrialState } from '../journal/state';

export interface ObjectiveRef {
  readonly name: string;
  readonly mode: 'max' | 'min';
}

export interface LeaderboardRow {
  readonly trial: string;
  readonly value: number;
  readonly resource: number;
  readonly state: TrialState;
  readonly config: Trial['config'];
}

/** Best trials by one objective, each at the largest resource it reached. */
export function leaderboard(state: RunState, objective: ObjectiveRef, limit = 10): LeaderboardRow[] {
  const rows: LeaderboardRow[] = [];
  for (const t of state.trials.values()) {
    const value = valueAt(t, objective.name, t.reached);
    if (value === undefined || !Number.isFinite(value)) continue;
    rows.push({ trial: t.id, value, resource: t.reached, state: t.state, config: t.config });
  }
  const sign = objective.mode === 'max' ? -1 : 1;
  // Trials trained further first among equals: their value is the more trustworthy.
  rows.sort((a, b) => sign * (a.value - b.value) || b.resource - a.resource || a.trial.localeCompare(b.trial));
  return rows.slice(0, limit);
}

export interface RungSummary {
  readonly resource: number;
  /** Trials with a result at this rung. */
  readonly reached: number;
  readonly running: number;
  readonly promoted: number;
  readonly best?: number;
}

/** Per-rung counts over the given rung levels. */
export function rungSummaries(state: RunState, levels: readonly number[], objective: ObjectiveRef | undefined): RungSummary[] {
  return levels.map((resource, k) => {
    let reached = 0;
    let running = 0;
    let promoted = 0;
    let best: number | undefined;
    const previous = k === 0 ? 0 : (levels[k - 1] as number);
    for (const t of state.trials.values()) {
      if (t.reached >= resource - 1e-9) {
        reached++;
        const v = objective ? valueAt(t, objective.name, resource) : undefined;
        if (v !== undefined && Number.isFinite(v) && (best === undefined || (objective?.mode === 'max' ? v > best : v < best))) best = v;
      } else if (t.state === 'running' && t.reached >= previous - 1e-9) running++;
      if (t.promotedFrom.some((r) => Math.abs(r - resource) < 1e-9)) promoted++;
    }
    return { resource, reached, running, promoted, ...(best !== undefined ? { best } : {}) };
  });
}

export function stateCounts(state: RunState): Record<TrialState, number> {
  const counts: Record<TrialState, number> = { pending: 0, running: 0, paused: 0, completed: 0, stopped: 0, failed: 0, discarded: 0 };
  for (const t of state.trials.values()) counts[t.state]++;
  return counts;
}
