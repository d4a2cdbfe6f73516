/**
 * Which Hyperband bracket the next trial joins, read off the trials already
 * created so that a resumed run assigns exactly as an uninterrupted one.
 *
 * Smooth weighted round-robin: pick the bracket furthest behind its share
 * n_s / sum(n) of the trials created so far. Over every sum(n) creations each
 * bracket gets exactly n_s trials, interleaved rather than in blocks, so a
 * run cut short still samples every bracket in proportion.
 */
import type { RunState } from '../journal/state';

export interface BracketWeight {
  readonly id: number;
  /** Trials the bracket starts with in synchronous Hyperband (n_s). */
  readonly weight: number;
}

/** Ties go to the earlier bracket in `weights`. */
export function nextBracket(state: RunState, weights: readonly BracketWeight[]): number {
  const counts = new Map<number, number>(weights.map((w) => [w.id, 0]));
  let created = 0;
  for (const t of state.trials.values()) {
    const c = counts.get(t.bracket);
    if (c === undefined) continue;
    counts.set(t.bracket, c + 1);
    created++;
  }
  const total = weights.reduce((sum, w) => sum + w.weight, 0);
  let best: BracketWeight | undefined;
  let bestDeficit = -Infinity;
  for (const w of weights) {
    // (created + 1) * w / total - count, scaled by total to stay in integers.
    const deficit = (created + 1) * w.weight - total * (counts.get(w.id) ?? 0);
    if (deficit > bestDeficit) {
      best = w;
      bestDeficit = deficit;
    }
  }
  if (!best) throw new RangeError('Hyperband needs at least one bracket');
  return best.id;
}
