/**
 * Hyperband (Li et al., JMLR 2018) run asynchronously: each bracket s is an
 * ASHA whose first rung is min * eta^(sMax - s), as in Li et al. 2020 and
 * Syne Tune's Hyperband with promotion. New trials go to brackets in
 * proportion to the n_s of synchronous Hyperband (see bracket-assignment.ts).
 * Bracket ids are Hyperband's s: bracket 0 trains straight to max.
 */
import type { RunState } from '../journal/state';
import { nextBracket, type BracketWeight } from './bracket-assignment';
import { hyperbandBrackets } from './plan';
import { findPromotion } from './promotion';
import { endOfLaunch, rungLadder, type HalvingSettings, type RungBracket } from './rungs';
import type { Objective, Scheduler, SchedulerAction } from './scheduler';
import { judgeResult } from './stopping';

export interface HyperbandOptions {
  readonly min: number;
  readonly max: number;
  readonly eta: number;
  readonly mode: 'promotion' | 'stopping';
  readonly objectives: readonly Objective[];
  /** Keep only this many most aggressive brackets (the study's `brackets:`). */
  readonly brackets?: number;
}

export function createHyperband(options: HyperbandOptions): Scheduler {
  const { min, max, eta } = options;
  const ladder = rungLadder(min, max, eta);
  const plans = hyperbandBrackets(min, max, eta, options.brackets);
  if (ladder.length === 0 || plans.length === 0) throw new RangeError(`Hyperband needs min > 0, max >= min, reduction >= 2 and at least one bracket (got min ${min}, max ${max}, reduction ${eta}, brackets ${options.brackets ?? 'all'})`);
  const sMax = ladder.length - 1;
  // Most aggressive first: promotions are looked for in this order, and bracket-assignment ties go to it.
  const brackets: RungBracket[] = plans.map((p) => ({ id: p.s, levels: ladder.slice(sMax - p.s) }));
  const weights: BracketWeight[] = plans.map((p) => ({ id: p.s, weight: p.rows[0]?.trials ?? 1 }));
  const settings: HalvingSettings = { eta, objectives: options.objectives };
  const byId = new Map(brackets.map((b) => [b.id, b]));
  const bracketOf = (id: number): RungBracket | undefined => byId.get(id);

  const create = (state: RunState, resourceOf: (b: RungBracket) => number): SchedulerAction => {
    const b = bracketOf(nextBracket(state, weights)) as RungBracket;
    return { kind: 'create', bracket: b.id, resource: resourceOf(b) };
  };

  if (options.mode === 'stopping') {
    return {
      rungs: (bracket) => bracketOf(bracket)?.levels ?? [],
      next: (state, mayCreate) => (mayCreate ? create(state, () => max) : undefined),
      onResult: (state, trial, resource) => {
        const b = bracketOf(trial.bracket);
        return b ? judgeResult(state, b, settings, trial, resource) : { action: 'continue' };
      },
      onLaunchEnd: () => 'completed',
    };
  }
  return {
    rungs: (bracket) => bracketOf(bracket)?.levels ?? [],
    next: (state, mayCreate) => {
      for (const b of brackets) {
        const promotion = findPromotion(state, b, settings, !mayCreate);
        if (promotion) return promotion;
      }
      return mayCreate ? create(state, (b) => b.levels[0] as number) : undefined;
    },
    onResult: () => ({ action: 'continue' }),
    onLaunchEnd: (_state, trial) => endOfLaunch(trial, max),
  };
}
