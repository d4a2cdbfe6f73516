/**
 * Rung bookkeeping shared by ASHA and Hyperband: the ladder of budgets, which
 * trials have a result at a rung, and their objective values there. All of it
 * is read off the RunState, never remembered.
 */
import { valueAt, type RunState, type Trial } from '../journal/state';
export { rungLadder } from './plan';
import type { Objective } from './scheduler';

/** A bracket's rungs: its id (as journalled in `trial-created`) and its budgets, ascending, the last being max. */
export interface RungBracket {
  readonly id: number;
  readonly levels: readonly number[];
}

export interface HalvingSettings {
  /** Reduction factor: the top 1/eta of a rung go on. */
  readonly eta: number;
  readonly objectives: readonly Objective[];
}

/** Reported resources are floats; a result at 2.9999999999 has reached rung 3. */
export function reaches(resource: number, level: number): boolean {
  return resource >= level - 1e-9 * Math.max(1, Math.abs(level));
}

/** The trials of a bracket that count at its rungs, in creation order. Discarded trials are out of the study. */
export function bracketMembers(state: RunState, bracket: number): Trial[] {
  const members: Trial[] = [];
  for (const id of state.order) {
    const t = state.trials.get(id);
    if (t && t.bracket === bracket && t.state !== 'discarded') members.push(t);
  }
  return members;
}

export function objectiveValues(trial: Trial, objectives: readonly Objective[], level: number): (number | undefined)[] {
  return objectives.map((o) => valueAt(trial, o.name, level));
}

/**
 * Whether the trial has a result at a rung, for promotion quotas: it reached
 * the rung, or its training ended (converged) below it. A converged trial
 * reports its final value for any larger resource (the best so far of a
 * curve that has ended), so it is one of the rung's n: leaving it out would
 * have a paused trial wait at that rung for peers whose curves run that long,
 * however good it is.
 */
export function hasResultAt(trial: Trial, level: number): boolean {
  return trial.converged || reaches(trial.reached, level);
}

/** When the trial first reported a resource at or above `level`: when it arrived at that rung. */
export function arrivalAt(trial: Trial, level: number): number | undefined {
  let first: number | undefined;
  for (const o of trial.observations) if (reaches(o.resource, level) && (first === undefined || o.at < first)) first = o.at;
  return first;
}

/** Whether a launch that ended cleanly left the trial finished or waiting for a promotion. */
export function endOfLaunch(trial: Trial, max: number): 'paused' | 'completed' {
  return trial.converged || reaches(trial.reached, max) ? 'completed' : 'paused';
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
