/**
 * Energy of one GPU over a stretch of time, from its journalled power
 * readings: the trapezoid rule between instant readings, and a constant
 * block for a downsampled mean (which preserves the window's integral).
 *
 * Missing power is never silently invented. A stretch between two readings
 * longer than `gapMs`, or one that had [N/A] readings in it, is bridged by
 * the mean of its two neighbours (what the trapezoid gives anyway) but
 * counted as bridged, so an estimate can say so. Before the first reading or
 * after the last one, a stretch up to `gapMs` holds the nearest reading; a
 * longer one has no measurement to lean on and uses the configured watts,
 * counted as estimated.
 */
import type { PowerPoint } from '../journal/state';

/** Readings further apart than this are a gap: 5 sampling intervals at the default 1 s. */
export const POWER_GAP_MS = 5000;

export interface GpuEnergy {
  readonly joules: number;
  /** Milliseconds covered by readings (bridged gaps included). */
  readonly measuredMs: number;
  /** Milliseconds of gaps bridged by the neighbours' mean. */
  readonly bridgedMs: number;
  /** Milliseconds at the configured watts, for want of readings. */
  readonly estimatedMs: number;
}

export const NO_ENERGY: GpuEnergy = { joules: 0, measuredMs: 0, bridgedMs: 0, estimatedMs: 0 };

export function addEnergy(a: GpuEnergy, b: GpuEnergy, scale = 1): GpuEnergy {
  return {
    joules: a.joules + scale * b.joules,
    measuredMs: a.measuredMs + scale * b.measuredMs,
    bridgedMs: a.bridgedMs + scale * b.bridgedMs,
    estimatedMs: a.estimatedMs + scale * b.estimatedMs,
  };
}

/** Power that varies linearly from `wa` at `a` to `wb` at `b` (constant for a downsampled block). */
interface Segment {
  readonly a: number;
  readonly b: number;
  readonly wa: number;
  readonly wb: number;
  readonly gap: boolean;
}

/** First index whose reading ends at or after `t`. */
function lowerBound(series: readonly PowerPoint[], t: number): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((series[mid] as PowerPoint).t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The readings that bear on [x, y]: those inside, plus the nearest valid one on each side. */
function around(series: readonly PowerPoint[], x: number, y: number): readonly PowerPoint[] {
  let i = lowerBound(series, x) - 1;
  while (i > 0 && (series[i] as PowerPoint).watts === null) i--;
  let j = lowerBound(series, y);
  while (j < series.length && (series[j] as PowerPoint).watts === null) j++;
  return series.slice(Math.max(0, i), j + 1);
}

function segmentsOf(points: readonly PowerPoint[], gapMs: number): Segment[] {
  const out: Segment[] = [];
  let prev: { t: number; w: number } | undefined;
  let sawNull = false;
  for (const p of points) {
    if (p.watts === null) {
      sawNull = prev !== undefined;
      continue;
    }
    const start = p.from ?? p.t;
    if (prev && start > prev.t) out.push({ a: prev.t, b: start, wa: prev.w, wb: p.watts, gap: sawNull || start - prev.t > gapMs });
    if (p.from !== undefined && p.t > p.from) out.push({ a: Math.max(p.from, prev?.t ?? p.from), b: p.t, wa: p.watts, wb: p.watts, gap: false });
    prev = { t: p.t, w: p.watts };
    sawNull = false;
  }
  return out;
}

/** Integral over [x, y] of the segment's linear power, in joules (times in ms). */
function segmentJoules(s: Segment, x: number, y: number): number {
  const a = Math.max(s.a, x);
  const b = Math.min(s.b, y);
  if (b <= a) return 0;
  const at = (t: number) => (s.b === s.a ? s.wa : s.wa + ((s.wb - s.wa) * (t - s.a)) / (s.b - s.a));
  return ((at(a) + at(b)) / 2) * ((b - a) / 1000);
}

/**
 * Energy one GPU drew over [x, y] (epoch ms). `fallbackWatts` prices the
 * stretches no reading covers.
 */
export function gpuEnergy(series: readonly PowerPoint[] | undefined, x: number, y: number, fallbackWatts: number, gapMs = POWER_GAP_MS): GpuEnergy {
  if (y <= x) return NO_ENERGY;
  const near = series ? around(series, x, y) : [];
  const segments = segmentsOf(near, gapMs);
  const valid = near.filter((p) => p.watts !== null);
  const first = valid[0];
  const last = valid[valid.length - 1];
  if (!first || !last) return { joules: (fallbackWatts * (y - x)) / 1000, measuredMs: 0, bridgedMs: 0, estimatedMs: y - x };
  let joules = 0;
  let bridgedMs = 0;
  for (const s of segments) {
    joules += segmentJoules(s, x, y);
    if (s.gap) bridgedMs += Math.max(0, Math.min(s.b, y) - Math.max(s.a, x));
  }
  let estimatedMs = 0;
  const edge = (from: number, to: number, watts: number): void => {
    const ms = to - from;
    if (ms <= 0) return;
    if (ms <= gapMs) joules += (watts * ms) / 1000;
    else {
      joules += (fallbackWatts * ms) / 1000;
      estimatedMs += ms;
    }
  };
  const coverStart = first.from ?? first.t;
  edge(x, Math.min(y, coverStart), first.watts as number);
  edge(Math.max(x, last.t), y, last.watts as number);
  return { joules, measuredMs: y - x - estimatedMs, bridgedMs, estimatedMs };
}
