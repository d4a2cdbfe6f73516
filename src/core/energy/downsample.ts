/**
 * Keeps the journal small on long runs without losing a joule. A sampler
 * reads every GPU once a second; the journal gets, per host, at most one
 * `power` event per window (default 30 s), holding for each GPU the
 * time-weighted mean watts over the span the window's readings cover
 * (`from` to `t`). Mean times span is exactly the trapezoid integral of the
 * raw readings, so energy over whole windows is unchanged.
 *
 * The rule, precisely:
 * - Consecutive windows of a GPU share their boundary reading, so they tile
 *   time without holes.
 * - A gap (readings further apart than the gap threshold) or an [N/A]
 *   reading closes the window early: the readings on both sides of the gap
 *   are journalled as they are, with the [N/A] itself, so the integration
 *   bridges and flags the gap exactly as it would from the raw readings.
 * - `flush()` closes every open window now and journals the readings on
 *   both sides of it as they are; the engine calls it when a launch starts
 *   or ends and before it computes a trial's energy, so no window straddles
 *   a launch edge and each launch's energy is what the raw readings give.
 */
import type { PowerSample } from '../journal/events';
import { POWER_GAP_MS } from './gpu-energy';

const POWER_WINDOW_MS = 30_000;

export interface PowerBatch {
  readonly host: string;
  readonly samples: readonly PowerSample[];
}

interface Open {
  /** First reading of the window (the last one of the previous window). */
  start: number;
  last: { t: number; watts: number; memMiB: number | null };
  /** Watt-milliseconds since `start`. */
  area: number;
  utilSum: number;
  utilCount: number;
  /** The window has readings not yet journalled. */
  fresh: boolean;
  /** The reading at `start` is in the journal as itself (not only as the end of a mean). */
  startJournalled: boolean;
}

interface HostWindows {
  startedAt: number;
  readonly gpus: Map<string, Open>;
  /** Samples that must be journalled as they are: gap edges and [N/A] readings. */
  readonly verbatim: PowerSample[];
}

export class PowerDownsampler {
  private readonly hosts = new Map<string, HostWindows>();

  constructor(private readonly windowMs = POWER_WINDOW_MS, private readonly gapMs = POWER_GAP_MS) {}

  /** Takes a host's raw readings; returns the batch to journal when its window is due. */
  push(host: string, samples: readonly PowerSample[]): PowerBatch[] {
    let h = this.hosts.get(host);
    for (const s of samples) {
      if (!h) this.hosts.set(host, (h = { startedAt: s.t, gpus: new Map(), verbatim: [] }));
      this.take(h, s);
    }
    const latest = Math.max(...samples.map((s) => s.t));
    return h && latest - h.startedAt >= this.windowMs ? this.close(host, h) : [];
  }

  /**
   * Closes every open window (of one host, or all) and returns what to
   * journal. Unlike a window that closes on time, the readings on both sides
   * of a flush are journalled as they are, so the stretch between them (where
   * a launch began or ended) is integrated as from the raw readings.
   */
  flush(host?: string): PowerBatch[] {
    const out: PowerBatch[] = [];
    for (const [name, h] of this.hosts) {
      if (host !== undefined && host !== name) continue;
      for (const [gpu, open] of h.gpus) this.cut(h, gpu, open);
      out.push(...this.close(name, h));
    }
    return out;
  }

  private take(h: HostWindows, s: PowerSample): void {
    const open = h.gpus.get(s.gpu);
    if (s.watts === null) {
      if (open) this.cut(h, s.gpu, open);
      h.verbatim.push(s);
      return;
    }
    if (open && (s.t - open.last.t > this.gapMs || s.t < open.last.t)) this.cut(h, s.gpu, open);
    const cur = h.gpus.get(s.gpu);
    if (!cur) {
      // The first reading after a gap (or ever) is journalled as it is: the gap's far edge.
      h.verbatim.push(point(s.gpu, s.t, s.watts, s.util, s.memMiB));
      h.gpus.set(s.gpu, { start: s.t, last: { t: s.t, watts: s.watts, memMiB: s.memMiB }, area: 0, utilSum: 0, utilCount: 0, fresh: false, startJournalled: true });
      return;
    }
    cur.area += ((cur.last.watts + s.watts) / 2) * (s.t - cur.last.t);
    if (s.util !== null) { cur.utilSum += s.util; cur.utilCount++; }
    cur.last = { t: s.t, watts: s.watts, memMiB: s.memMiB };
    cur.fresh = true;
  }

  /** Ends a GPU's window before a gap or a flush: its mean, then its last reading as the near edge. */
  private cut(h: HostWindows, gpu: string, open: Open): void {
    const block = blockOf(gpu, open);
    if (block) h.verbatim.push(block);
    if (block || !open.startJournalled) h.verbatim.push(point(gpu, open.last.t, open.last.watts, null, open.last.memMiB));
    h.gpus.delete(gpu);
  }

  private close(host: string, h: HostWindows): PowerBatch[] {
    const samples = [...h.verbatim];
    h.verbatim.length = 0;
    for (const [gpu, open] of h.gpus) {
      const block = blockOf(gpu, open);
      if (!block) continue;
      samples.push(block);
      Object.assign(open, { start: open.last.t, area: 0, utilSum: 0, utilCount: 0, fresh: false, startJournalled: false });
    }
    h.startedAt = Math.max(h.startedAt, ...samples.map((s) => s.t));
    return samples.length > 0 ? [{ host, samples: samples.sort((a, b) => a.t - b.t) }] : [];
  }
}

function point(gpu: string, t: number, watts: number | null, util: number | null, memMiB: number | null): PowerSample {
  return { gpu, t, watts, util, memMiB };
}

function blockOf(gpu: string, open: Open): PowerSample | undefined {
  if (!open.fresh || open.last.t <= open.start) return undefined;
  return {
    gpu, from: open.start, t: open.last.t, watts: open.area / (open.last.t - open.start),
    util: open.utilCount > 0 ? open.utilSum / open.utilCount : null, memMiB: open.last.memMiB,
  };
}
