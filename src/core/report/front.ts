/**
 * The Pareto front of a multi-objective run and its hypervolume, for
 * `rung status`.
 *
 * Each trial counts with its values at the largest resource it reached, like
 * the leaderboards; a trial without a finite value for every objective is
 * left out.
 *
 * The reference point, per objective:
 * - the objective's `ref` from the study, where given: hypervolumes of runs
 *   with the same `ref` can then be compared with each other;
 * - else the worst value any counted trial reported, moved a tenth of the
 *   observed range further (by 1 when all values are equal), so the front's
 *   extreme points still add volume. This reference follows the data, so such
 *   hypervolumes are only comparable within one run at one time.
 * A front point no better than the reference in some objective adds nothing.
 */
import { valueAt, type RunState } from '../journal/state';
import { hypervolume } from '../pareto/hypervolume';
import { paretoFront, toMinimisation } from '../pareto/nondominated';
import { referencePoint } from '../pareto/reference';
import type { ObjectiveRef } from './leaderboard';

export interface FrontObjective extends ObjectiveRef {
  readonly ref?: number;
}

export interface FrontSummary {
  /** Trial ids on the front and their values, in the objectives' order and units. */
  readonly front: readonly { readonly trial: string; readonly values: readonly number[] }[];
  /** The reference point, in the objectives' own units. */
  readonly reference: readonly number[];
  /** Per objective: whether the reference came from the study (`ref`) or from the data. */
  readonly referenceFrom: readonly ('ref' | 'data')[];
  readonly hypervolume: number;
}

/** Undefined with fewer than two objectives or no trial that reported all of them. */
export function paretoSummary(state: RunState, objectives: readonly FrontObjective[]): FrontSummary | undefined {
  if (objectives.length < 2) return undefined;
  const modes = objectives.map((o) => o.mode);
  const counted: { trial: string; values: number[] }[] = [];
  for (const t of state.trials.values()) {
    const values = objectives.map((o) => valueAt(t, o.name, t.reached));
    if (values.every((v): v is number => v !== undefined && Number.isFinite(v))) counted.push({ trial: t.id, values });
  }
  if (counted.length === 0) return undefined;
  const minimised = counted.map((c) => toMinimisation(c.values, modes));
  // The rule the charts use too (pareto/reference.ts), so both show the same hypervolume.
  const reference = referencePoint(minimised, objectives.map((o) => (o.ref === undefined ? undefined : toMinimisation([o.ref], [o.mode])[0]))) as number[];
  const onFront = paretoFront(minimised);
  return {
    front: onFront.map((i) => counted[i] as { trial: string; values: number[] }),
    reference: toMinimisation(reference, modes),
    referenceFrom: objectives.map((o) => (o.ref !== undefined ? 'ref' : 'data')),
    hypervolume: hypervolume(onFront.map((i) => minimised[i] as number[]), reference),
  };
}
