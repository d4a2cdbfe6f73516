/**
 * ASHA's promotion rule (Li et al., MLSys 2020, Algorithm 2, get_job): from
 * the highest rung down, promote a paused trial that is among the top
 * floor(n/eta) of the n results at its rung and was not promoted from there
 * before. Promotions are asynchronous: a trial may go on as soon as enough
 * results exist to place it, without waiting for the rung to fill. A trial
 * whose training ended below a rung counts there with its final value
 * (hasResultAt).
 *
 * Once no trial can be created (the space is exhausted or the trial budget
 * spent), nothing runs and nothing is promotable, no rung will grow again,
 * and a trial waiting for floor(n/eta) to reach 1 would wait forever: each
 * rung's best waiting trial may then go on, so the bracket still ends with
 * its best trained to max, as successive halving does.
 */
import type { RunState, Trial } from '../journal/state';
import { rankEntries } from './ranking';
import { bracketMembers, hasResultAt, objectiveValues, reaches, type HalvingSettings, type RungBracket } from './rungs';
import type { SchedulerAction } from './scheduler';

export type Promotion = Extract<SchedulerAction, { kind: 'resume' }>;

export function findPromotion(state: RunState, bracket: RungBracket, settings: HalvingSettings, final = false): Promotion | undefined {
  const members = bracketMembers(state, bracket.id);
  const promotion = promote(members, bracket, settings, false);
  if (promotion || !final || members.some((t) => t.state === 'running' || t.state === 'pending')) return promotion;
  return promote(members, bracket, settings, true);
}

/** The first promotion from the highest rung down; `atLeastOne`: a rung's quota is never below 1. */
function promote(members: readonly Trial[], bracket: RungBracket, settings: HalvingSettings, atLeastOne: boolean): Promotion | undefined {
  const modes = settings.objectives.map((o) => o.mode);
  for (let k = bracket.levels.length - 2; k >= 0; k--) {
    const level = bracket.levels[k] as number;
    const nextLevel = bracket.levels[k + 1] as number;
    const rung = members.filter((t) => hasResultAt(t, level));
    const quota = Math.max(atLeastOne ? 1 : 0, Math.floor(rung.length / settings.eta));
    if (quota === 0) continue;
    const ranked = rankEntries(rung.map((t) => objectiveValues(t, settings.objectives, level)), modes);
    for (const place of ranked.slice(0, quota)) {
      const trial = rung[place.index] as Trial;
      if (place.complete && waitsAt(trial, level, nextLevel)) return { kind: 'resume', trial: trial.id, resource: nextLevel, fromRung: k };
    }
  }
  return undefined;
}

/** Paused at this rung, still wanted, and not promoted from it already (a promotion is journalled before the resume). */
function waitsAt(trial: Trial, level: number, nextLevel: number): boolean {
  return trial.state === 'paused'
    && !trial.stopRequested
    && !trial.converged
    && !reaches(trial.reached, nextLevel)
    && !trial.promotedFrom.some((r) => reaches(r, level) && reaches(level, r));
}
