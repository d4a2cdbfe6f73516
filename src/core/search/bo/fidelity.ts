/**
 * Which resource the model is fitted at (the BOHB rule, Falkner et al., 2018).
 *
 * Inside ASHA or Hyperband most trials stop at low rungs. Modelling every
 * trial at the largest resource it reached mixes fidelities: a config stopped
 * after one epoch looks like a bad config rather than an unfinished one, and
 * the few trials promoted to the top dominate the fit. Instead the model is
 * fitted at one resource, the largest that at least `minPoints` trials reached,
 * with each trial's value AT that resource: one consistent fidelity, the
 * highest one with enough data to fit a model of the space's dimension.
 *
 * A trial that converged (its curve ended before its requested resource) is
 * complete: its final value stands for every larger resource too.
 */
import type { Trial } from '../../journal/state';

/** The resource a trial's values stand for: its largest reported one, or any when it converged. */
export function reachOf(t: Trial): number {
  return t.converged ? Infinity : t.reached;
}

/**
 * The largest resource that at least `minPoints` trials reached, or undefined
 * when fewer than `minPoints` trials have reported anything.
 */
export function modelResource(trials: readonly Trial[], minPoints: number): number | undefined {
  const reported = trials.filter((t) => t.observations.length > 0);
  if (reported.length < Math.max(1, minPoints)) return undefined;
  // count(reach >= r) only changes at the trials' own reached resources, so the answer is one of them.
  const resources = [...new Set(reported.map((t) => t.reached))].sort((a, b) => b - a);
  for (const r of resources) {
    if (reported.filter((t) => reachOf(t) >= r).length >= minPoints) return r;
  }
  return undefined;
}
