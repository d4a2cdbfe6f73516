/**
 * Decimation for 10,000-trial runs: a canvas cannot show more points than it
 * has pixels, and every point crosses the webview boundary. Curves keep their
 * shape (LTTB keeps the extremes a reader looks for); scatters keep every
 * point that matters (the front) and thin the rest evenly.
 */
import type { XY } from './model';

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): `threshold` points of
 * `points` that keep its visual shape. The first and last points are always
 * kept; series no longer than `threshold` come back unchanged.
 */
export function lttb(points: readonly XY[], threshold: number): XY[] {
  const n = points.length;
  if (threshold >= n || n <= 2) return [...points];
  if (threshold < 3) return [points[0] as XY, points[n - 1] as XY];
  const out: XY[] = [points[0] as XY];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    // The average of the next bucket is the third corner of the triangle.
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += (points[j] as XY)[0];
      avgY += (points[j] as XY)[1];
    }
    const count = Math.max(1, nextEnd - nextStart);
    avgX /= count;
    avgY /= count;
    const [ax, ay] = points[a] as XY;
    let best = -1;
    let chosen = Math.floor(i * every) + 1;
    for (let j = Math.floor(i * every) + 1; j < Math.floor((i + 1) * every) + 1; j++) {
      const [px, py] = points[j] as XY;
      const area = Math.abs((ax - avgX) * (py - ay) - (ax - px) * (avgY - ay));
      if (area > best) {
        best = area;
        chosen = j;
      }
    }
    out.push(points[chosen] as XY);
    a = chosen;
  }
  out.push(points[n - 1] as XY);
  return out;
}

/**
 * At most `cap` items: every item `keep` says must stay, then an even stride
 * through the others. Order is kept. When the kept items alone exceed the
 * cap they all stay: dropping a front point would misstate the front.
 */
export function capPoints<T>(items: readonly T[], cap: number, keep: (item: T) => boolean): T[] {
  if (items.length <= cap) return [...items];
  const kept = items.filter(keep);
  const room = cap - kept.length;
  if (room <= 0) return kept;
  const others = items.length - kept.length;
  const out: T[] = [];
  let seen = 0;
  let picked = 0;
  for (const item of items) {
    if (keep(item)) {
      out.push(item);
      continue;
    }
    // Integer slots, so exactly `room` of the others are picked, the first among them.
    if (Math.floor((seen * room) / others) >= picked) {
      out.push(item);
      picked++;
    }
    seen++;
  }
  return out;
}
