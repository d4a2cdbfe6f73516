/**
 * Hypervolume of a set of minimisation vectors against a reference point:
 * the volume dominated by the set and bounded by the reference. Exact: a
 * sweep in two dimensions and WFG (While, Bradstreet & Barone 2012) above.
 * Points that do not strictly dominate the reference add nothing.
 */
import { nondominatedSort } from './nondominated';

type Point = readonly number[];

export function hypervolume(points: readonly Point[], reference: Point): number {
  const d = reference.length;
  for (const p of points) {
    if (p.length !== d) throw new RangeError(`hypervolume: a point has ${p.length} objectives but the reference point has ${d}`);
  }
  const inside = points.filter((p) => p.every((v, i) => v < (reference[i] as number)));
  if (inside.length === 0) return 0;
  if (d === 1) return (reference[0] as number) - Math.min(...inside.map((p) => p[0] as number));
  if (d === 2) return sweep2d(inside, reference);
  return wfg(nondominated(inside).sort((a, b) => (a[0] as number) - (b[0] as number)), reference);
}

/** Two dimensions: sort by the first objective and add one slab per improvement in the second. */
function sweep2d(points: readonly Point[], reference: Point): number {
  const sorted = [...points].sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  const rx = reference[0] as number;
  let lastY = reference[1] as number;
  let volume = 0;
  for (const p of sorted) {
    const y = p[1] as number;
    if (y < lastY) {
      volume += (rx - (p[0] as number)) * (lastY - y);
      lastY = y;
    }
  }
  return volume;
}

/** WFG: the sum of each point's exclusive contribution, computed against the points after it. */
function wfg(points: readonly Point[], reference: Point): number {
  if (reference.length === 2) return sweep2d(points, reference);
  let volume = 0;
  for (let k = 0; k < points.length; k++) {
    const p = points[k] as Point;
    const rest = limitSet(points, k);
    volume += box(p, reference) - (rest.length === 0 ? 0 : wfg(nondominated(rest), reference));
  }
  return volume;
}

/** The later points, each clipped to the region `points[k]` dominates. */
function limitSet(points: readonly Point[], k: number): Point[] {
  const p = points[k] as Point;
  const out: Point[] = [];
  for (let j = k + 1; j < points.length; j++) out.push((points[j] as Point).map((v, i) => Math.max(v, p[i] as number)));
  return out;
}

function nondominated(points: readonly Point[]): Point[] {
  const front = nondominatedSort(points)[0] ?? [];
  const seen = new Set<string>();
  const out: Point[] = [];
  for (const i of front) {
    const p = points[i] as Point;
    const key = p.join(',');
    // Duplicates would be counted twice by the inclusion-exclusion.
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

function box(p: Point, reference: Point): number {
  let v = 1;
  for (let i = 0; i < p.length; i++) v *= (reference[i] as number) - (p[i] as number);
  return v;
}
