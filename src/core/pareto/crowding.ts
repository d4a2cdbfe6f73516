/**
 * NSGA-II crowding distance: how much room a point has around it on its
 * front. Ranking prefers larger distances among equally good points so that
 * promotions spread along the front instead of bunching at one trade-off.
 */

/** The crowding distance of each point of `front` (indices into `points`), aligned with `front`. */
export function crowdingDistances(points: readonly (readonly number[])[], front: readonly number[]): number[] {
  const distances = new Array<number>(front.length).fill(0);
  if (front.length <= 2) return distances.fill(Infinity);
  const dims = (points[front[0] as number] as readonly number[]).length;
  const value = (slot: number, m: number): number => (points[front[slot] as number] as readonly number[])[m] as number;
  for (let m = 0; m < dims; m++) {
    const slots = [...front.keys()].sort((a, b) => value(a, m) - value(b, m) || a - b);
    const first = slots[0] as number;
    const last = slots[slots.length - 1] as number;
    const span = value(last, m) - value(first, m);
    // A constant objective has no boundary and says nothing about spread.
    if (span === 0) continue;
    distances[first] = Infinity;
    distances[last] = Infinity;
    for (let k = 1; k < slots.length - 1; k++) {
      const slot = slots[k] as number;
      distances[slot] = (distances[slot] as number) + (value(slots[k + 1] as number, m) - value(slots[k - 1] as number, m)) / span;
    }
  }
  return distances;
}
