/**
 * Nearest-row replacement. A table is a finite space: a proposed combination
 * that is not a row was never trained, so the row nearest to it is evaluated
 * instead, and the searcher is told the result for the row it actually got.
 *
 * Distance is Euclidean on rank-scaled coordinates: a value's coordinate is
 * its index / (number of values - 1) in the hyperparameter's value list (0 when
 * there is only one value). Ties are broken at random, by the caller's picker,
 * so a seeded run picks the same row every time.
 *
 * Two decisions the benchmark protocol leaves open:
 * - A numeric value that is not among the table's values (a continuous space
 *   over a table) gets a fractional rank, interpolated linearly between its
 *   neighbours and clamped to [0, 1]: 700 among [256, 512, 1024] is rank
 *   1 + (700 - 512) / (1024 - 512). A non-numeric value that is not listed has
 *   no rank and is an error.
 * - Hyperparameters the config does not name do not count in the distance (the
 *   finetune corpus is searched over four of its eight hyperparameters; the
 *   rest follow from the model). A name the table does not know is an error.
 */
import type { Scalar } from '../space/model';
import { TableError, type RecordedTable, type TableRow } from './table';

/** Picks an index in [0, count): the tie-breaker. */
export type Picker = (count: number) => number;

export interface Resolved {
  readonly row: TableRow;
  /** Euclidean distance in rank-scaled coordinates; 0 for a row of the table. */
  readonly distance: number;
  /** How many rows were equally near (1 when there was no tie). */
  readonly tied: number;
}

/** Coordinates differing by less than this are the same (rank arithmetic is not exact). */
const EPSILON = 1e-12;

export class RowIndex {
  private readonly names: readonly string[];
  /** Row-major coordinates: rows.length x names.length. */
  private readonly coords: Float64Array;

  constructor(private readonly table: RecordedTable) {
    this.names = [...table.hyperparameters.keys()];
    this.coords = new Float64Array(table.rows.length * this.names.length);
    table.rows.forEach((row, r) => {
      this.names.forEach((name, h) => {
        this.coords[r * this.names.length + h] = rankOf(table, name, row.config[name] as Scalar);
      });
    });
  }

  /** The row to evaluate for `config`; `pick` breaks ties among equally near rows. */
  resolve(config: Readonly<Record<string, Scalar>>, pick: Picker): Resolved {
    const dims: { index: number; coord: number }[] = [];
    for (const [name, value] of Object.entries(config)) {
      const index = this.names.indexOf(name);
      if (index < 0) throw new TableError(`parameter '${name}' is not a hyperparameter of the table; it has ${this.names.join(', ')}. Rename the parameter or remove it from the space.`);
      dims.push({ index, coord: rankOf(this.table, name, value) });
    }
    const width = this.names.length;
    let best = Number.POSITIVE_INFINITY;
    let ties: number[] = [];
    for (let r = 0; r < this.table.rows.length; r++) {
      let d2 = 0;
      for (const { index, coord } of dims) {
        const diff = (this.coords[r * width + index] as number) - coord;
        d2 += diff * diff;
      }
      if (d2 < best - EPSILON) {
        best = d2;
        ties = [r];
      } else if (d2 <= best + EPSILON) {
        ties.push(r);
      }
    }
    const chosen = ties.length === 1 ? ties[0] : ties[pick(ties.length)];
    const row = chosen === undefined ? undefined : this.table.rows[chosen];
    if (!row) throw new TableError(`the tie-breaker picked no row among ${ties.length}: it must return an index below its argument`);
    return { row, distance: Math.sqrt(best), tied: ties.length };
  }
}

/** Rank-scaled coordinate of `value` among the hyperparameter's values, in [0, 1]. */
export function rankOf(table: RecordedTable, name: string, value: Scalar): number {
  const values = table.hyperparameters.get(name);
  if (!values) throw new TableError(`'${name}' is not a hyperparameter of the table`);
  const last = values.length - 1;
  if (last === 0) return 0;
  const exact = values.indexOf(value);
  if (exact >= 0) return exact / last;
  if (typeof value !== 'number' || !values.every((v) => typeof v === 'number')) {
    throw new TableError(`${name} = ${JSON.stringify(value)} is not one of the table's values [${values.map(String).join(', ')}]; use {choice: [...]} over those values.`);
  }
  const numbers = values as readonly number[];
  if (value <= (numbers[0] as number)) return 0;
  if (value >= (numbers[last] as number)) return 1;
  let i = 0;
  while ((numbers[i + 1] as number) < value) i++;
  const lo = numbers[i] as number;
  const hi = numbers[i + 1] as number;
  return (i + (value - lo) / (hi - lo)) / last;
}

/**
 * A seeded tie-breaker (mulberry32): the same seed breaks the same ties the
 * same way, on every platform.
 */
export function seededPicker(seed: number): Picker {
  let state = (Math.trunc(seed) ^ 0x6d2b79f5) >>> 0;
  return (count: number): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
    return Math.floor(unit * count);
  };
}
