/**
 * Pareto dominance over objective vectors. Every function here works on
 * minimisation vectors: callers flip 'max' objectives once with
 * `toMinimisation` so that no comparison has to know the modes.
 */

export type Mode = 'max' | 'min';

/** Flips maximised objectives so that smaller is better everywhere. */
export function toMinimisation(values: readonly number[], modes: readonly Mode[]): number[] {
  return values.map((v, i) => (modes[i] === 'max' ? -v : v));
}

/** a dominates b: no worse in every objective and better in at least one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * Fast non-dominated sort (Deb et al., NSGA-II, 2002): the indices of the
 * points in successive fronts, front 0 being the Pareto front. O(M N^2).
 * Equal points never dominate each other, so they share a front.
 */
export function nondominatedSort(points: readonly (readonly number[])[]): number[][] {
  const n = points.length;
  const dominated: number[][] = points.map(() => []);
  const dominatedBy = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = points[i] as readonly number[];
      const b = points[j] as readonly number[];
      if (dominates(a, b)) {
        (dominated[i] as number[]).push(j);
        dominatedBy[j]++;
      } else if (dominates(b, a)) {
        (dominated[j] as number[]).push(i);
        dominatedBy[i]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominated[i] as number[]) {
        dominatedBy[j]--;
        if (dominatedBy[j] === 0) next.push(j);
      }
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** Indices of the points no other point dominates, in input order. */
export function paretoFront(points: readonly (readonly number[])[]): number[] {
  return points.map((_, i) => i).filter((i) => !points.some((q, j) => j !== i && dominates(q, points[i] as readonly number[])));
}
