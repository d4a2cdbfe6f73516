/**
 * The hypervolume reference point when a study does not give one (`ref:` on
 * an objective): the worst value seen in each objective pushed out by 10% of
 * that objective's range (by 1 where every value is equal), so the extreme
 * points of the front still add volume. A common choice in the literature
 * (e.g. Ishibuchi et al. 2017 discuss it); the panel says which rule it used.
 * It moves as worse points arrive, so hypervolumes computed with it compare
 * only within one snapshot; give `ref:` for numbers that compare across runs.
 */

export const REFERENCE_MARGIN = 0.1;

/**
 * One reference point for minimisation vectors: `given[i]` (already in
 * minimisation sign) where defined, else the nadir-plus-margin rule above.
 * Undefined when an objective has no given value and no points.
 */
export function referencePoint(points: readonly (readonly number[])[], given: readonly (number | undefined)[]): number[] | undefined {
  const ref: number[] = [];
  for (let i = 0; i < given.length; i++) {
    const g = given[i];
    if (g !== undefined) {
      ref.push(g);
      continue;
    }
    if (points.length === 0) return undefined;
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of points) {
      const v = p[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    ref.push(hi + (hi > lo ? (hi - lo) * REFERENCE_MARGIN : 1));
  }
  return ref;
}
