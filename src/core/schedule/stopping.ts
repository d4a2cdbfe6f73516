/**
 * ASHA's stopping rule (the early-stopping variant of Li et al. 2020, as Ray
 * Tune implements it): a trial trained towards max is judged when a result
 * crosses a rung, against the results that reached that rung before it, and
 * stopped unless it is in the top 1/eta of them (the best of them, while there
 * are fewer than eta).
 *
 * Only results that arrived at the rung no later than this trial's count:
 * replaying the journal after a restart then judges exactly as the live run
 * did, even when log lines are read again.
 */
import type { Trial, RunState } from '../journal/state';
import { rankEntries } from './ranking';
import { arrivalAt, bracketMembers, objectiveValues, ordinal, reaches, type HalvingSettings, type RungBracket } from './rungs';
import type { Scheduler } from './scheduler';

export type ResultDecision = ReturnType<Scheduler['onResult']>;

/**
 * Judges `trial`, whose latest result (already in `state`) is at `resource`,
 * at the highest rung that result crossed. A result that crosses no rung, or
 * only the last one (max), is a plain 'continue'. A judged answer carries the
 * rung's index in the bracket (its budget is `levels[rung]`) and a reason.
 */
export function judgeResult(state: RunState, bracket: RungBracket, settings: HalvingSettings, trial: Trial, resource: number): ResultDecision {
  const k = crossedRung(bracket.levels, previousResource(trial, resource), resource);
  if (k === undefined) return { action: 'continue' };
  const level = bracket.levels[k] as number;
  const eta = settings.eta;
  const arrived = arrivalAt(trial, level) ?? Infinity;
  const rung = bracketMembers(state, bracket.id).filter((t) => t.id === trial.id || (reaches(t.reached, level) && (arrivalAt(t, level) ?? Infinity) <= arrived));
  if (!rung.some((t) => t.id === trial.id)) rung.push(trial);
  const where = `rung ${k} (${level})`;
  const entries = rung.map((t) => objectiveValues(t, settings.objectives, level));
  const ranked = rankEntries(entries, settings.objectives.map((o) => o.mode));
  const position = ranked.findIndex((p) => (rung[p.index] as Trial).id === trial.id);
  const place = ranked[position];
  // With fewer than eta results the top 1/eta is the best one: as in Ray Tune (a result below the
  // cutoff of the earlier ones stops) and Optuna's SuccessiveHalvingPruner, a newcomer goes on only
  // if it beats those before it. Letting every early arrival through would train the first eta - 1
  // trials to max whatever they report, spending the small budgets on them.
  const quota = Math.max(1, Math.floor(rung.length / eta));
  if (place && !place.complete) return { action: 'stop', rung: k, reason: `${where}: no value for every objective, so it ranks last of ${rung.length}` };
  const standing = `${ordinal(position + 1)} of ${rung.length}`;
  // Ties keep creation order, so a newcomer equal to the cutoff ranks after it; like Ray Tune (stop only
  // below the cutoff) and Optuna (value <= cutoff goes on), it goes on.
  const cutoff = ranked[quota - 1];
  const tiesCutoff = place !== undefined && cutoff !== undefined && sameValues(entries[place.index], entries[cutoff.index]);
  return position < quota || tiesCutoff
    ? { action: 'continue', rung: k, reason: `${where}: ${standing}, within the top 1/${eta} (best ${quota}${tiesCutoff && position >= quota ? ', tied with the last of them' : ''})` }
    : { action: 'stop', rung: k, reason: `${where}: ${standing}, outside the top 1/${eta} (best ${quota})` };
}

function sameValues(a: readonly (number | undefined)[] | undefined, b: readonly (number | undefined)[] | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The largest resource the trial reported before this result. */
function previousResource(trial: Trial, resource: number): number {
  let previous = 0;
  for (const o of trial.observations) if (!reaches(o.resource, resource) && o.resource > previous) previous = o.resource;
  return previous;
}

/** The highest rung below max with previous < level <= resource. */
function crossedRung(levels: readonly number[], previous: number, resource: number): number | undefined {
  for (let k = levels.length - 2; k >= 0; k--) {
    const level = levels[k] as number;
    if (reaches(resource, level) && !reaches(previous, level)) return k;
  }
  return undefined;
}
