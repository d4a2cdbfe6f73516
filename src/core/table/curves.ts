/**
 * What replaying a row reports, checkpoint by checkpoint.
 *
 * - The value at checkpoint k is the best so far of the curve up to k (min for
 *   a minimised metric such as perplexity, max for BLEU): a trainer keeps its
 *   best checkpoint, so a curve that rises after its minimum still reports the
 *   minimum.
 * - A curve that ends before the requested resource has converged (training
 *   was stopped there): the trial is complete at its own length. The last
 *   checkpoint of a curve is always flagged, even when it is exactly the
 *   requested resource, so a trial whose curve ends at a rung completes there
 *   instead of being promoted to checkpoints that do not exist.
 * - Cost is checkpoints trained: a paused trial resumed later pays only the
 *   checkpoints after the one it paused at.
 * - A scalar table has no fidelity: a launch reports the row's final metrics
 *   once, at the requested resource, as converged, for a cost of one evaluation.
 */
import type { RecordedTable, TableRow } from './table';

export interface MetricMode {
  readonly name: string;
  readonly mode: 'max' | 'min';
}

export interface CheckpointReport {
  readonly resource: number;
  readonly values: Readonly<Record<string, number>>;
  /** The curve ends here: nothing more can be trained. */
  readonly converged: boolean;
}

export interface LaunchReplay {
  readonly reports: readonly CheckpointReport[];
  /** Checkpoints this launch trains (evaluations, for scalar tables). */
  readonly cost: number;
}

/** Best value of `curve` over its first `k` checkpoints (k >= 1, clamped to the curve's length). */
export function bestSoFar(curve: readonly number[], mode: 'max' | 'min', k: number): number {
  const end = Math.min(Math.max(1, Math.floor(k)), curve.length);
  let best = curve[0] as number;
  for (let i = 1; i < end; i++) {
    const v = curve[i] as number;
    if (mode === 'min' ? v < best : v > best) best = v;
  }
  return best;
}

/** The curve's optimum: what a trial trained to completion ends with. */
export function curveOptimum(curve: readonly number[], mode: 'max' | 'min'): number {
  return bestSoFar(curve, mode, curve.length);
}

/** Number of checkpoints in a row's curves (they share one length per row). */
export function curveLength(row: TableRow): number {
  let length = 0;
  for (const c of Object.values(row.curves)) length = Math.max(length, c.length);
  return length;
}

/**
 * The reports of a launch that trains `row` from `fromResource` up to
 * `resource`. Objectives must all be metrics of the table (checkObjectives).
 */
export function replayLaunch(table: RecordedTable, row: TableRow, objectives: readonly MetricMode[], fromResource: number, resource: number): LaunchReplay {
  if (table.kind === 'scalar') {
    const values: Record<string, number> = {};
    for (const o of objectives) values[o.name] = row.metrics[o.name] as number;
    return { reports: [{ resource, values, converged: true }], cost: 1 };
  }
  const length = curveLength(row);
  const from = Math.max(0, Math.floor(fromResource));
  const to = Math.min(Math.floor(resource), length);
  const reports: CheckpointReport[] = [];
  for (let k = from + 1; k <= to; k++) reports.push({ resource: k, values: valuesAt(row, objectives, k), converged: k === length });
  if (from >= length) {
    // Resumed past the curve's end: say again that it converged, so the trial completes instead of waiting.
    return { reports: [{ resource: length, values: valuesAt(row, objectives, length), converged: true }], cost: 0 };
  }
  return { reports, cost: reports.length };
}

function valuesAt(row: TableRow, objectives: readonly MetricMode[], k: number): Record<string, number> {
  const values: Record<string, number> = {};
  for (const o of objectives) {
    const curve = row.curves[o.name];
    values[o.name] = curve ? bestSoFar(curve, o.mode, k) : (row.metrics[o.name] as number);
  }
  return values;
}
