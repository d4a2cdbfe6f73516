/**
 * The non-dominated front of two minimisation objectives in O(N log N): the
 * charts recompute it on every journal update of a 10,000-trial run, where
 * the general O(M N^2) sort in nondominated.ts would take seconds.
 */

/** For each point, whether no other point dominates it (equal points do not dominate each other). */
export function front2d(points: readonly (readonly [number, number])[]): boolean[] {
  const order = [...points.keys()].sort((a, b) => (points[a] as readonly number[])[0] as number - ((points[b] as readonly number[])[0] as number) || ((points[a] as readonly number[])[1] as number) - ((points[b] as readonly number[])[1] as number));
  const onFront = new Array<boolean>(points.length).fill(false);
  let bestBefore = Infinity;
  let k = 0;
  while (k < order.length) {
    const x = (points[order[k] as number] as readonly number[])[0] as number;
    const groupMin = (points[order[k] as number] as readonly number[])[1] as number;
    let end = k;
    // Within one x, only the smallest y can be on the front, and only if no smaller x reached it.
    while (end < order.length && (points[order[end] as number] as readonly number[])[0] === x) {
      const i = order[end] as number;
      onFront[i] = (points[i] as readonly number[])[1] === groupMin && groupMin < bestBefore;
      end++;
    }
    bestBefore = Math.min(bestBefore, groupMin);
    k = end;
  }
  return onFront;
}
