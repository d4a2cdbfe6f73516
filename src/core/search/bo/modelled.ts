/** The points the BO searcher's model sees, and how it keeps their number bounded. */
import type { EncodedConfig } from '../../space/encode';

export interface Modelled {
  readonly x: EncodedConfig;
  readonly y: number;
  /** Creation order, for keeping the most recent points. */
  readonly index: number;
  /** False for a failed, discarded or pending trial standing in at the worst value. */
  readonly observed: boolean;
}

/** At most `limit` points: the best half, then the most recent. */
export function limitPoints(points: readonly Modelled[], limit: number): readonly Modelled[] {
  if (points.length <= limit) return points;
  const byValue = points.slice().sort((a, b) => a.y - b.y);
  const kept = new Set(byValue.slice(0, limit / 2));
  const byRecency = points.slice().sort((a, b) => b.index - a.index);
  for (const p of byRecency) {
    if (kept.size >= limit) break;
    kept.add(p);
  }
  return [...kept];
}
