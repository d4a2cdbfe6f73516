/**
 * Recorded tables: configurations that were really trained, with what training
 * produced. Replaying one stands in for days of GPU time, so schedulers and
 * searchers are benchmarked and demonstrated on a simulated clock.
 *
 * Two kinds share one JSON shape (`hyperparameters` and `rows[]`, each row a
 * `config` plus fields):
 * - 'scalar' tables (NMTHPO): each row carries final metrics only (`dev_bleu`, ...).
 * - 'curve' tables (NMTLC): each row also carries `<metric>_curve` arrays, the
 *   metric at every checkpoint, so multi-fidelity schedulers can stop early.
 *
 * This module only validates and types already-parsed JSON; reading files is
 * the backend's job.
 */
import type { Scalar } from '../space/model';

export type TableKind = 'scalar' | 'curve';

export interface TableRow {
  /** The row's `id`, as text: what the journal records as the trial's row. */
  readonly id: string;
  /** A value for every hyperparameter of the table. */
  readonly config: Readonly<Record<string, Scalar>>;
  /** Every finite numeric field of the row that is not a hyperparameter (`dev_bleu`, `num_checkpoints`, ...). */
  readonly metrics: Readonly<Record<string, number>>;
  /** `<metric>_curve` arrays by metric name (`perplexity`), one value per checkpoint. */
  readonly curves: Readonly<Record<string, readonly number[]>>;
}

export interface RecordedTable {
  readonly kind: TableKind;
  /** Hyperparameter name -> its values, in the table's order (numeric values ascending). */
  readonly hyperparameters: ReadonlyMap<string, readonly Scalar[]>;
  readonly rows: readonly TableRow[];
  /** Metrics every row has a curve for; empty for scalar tables. */
  readonly curveMetrics: readonly string[];
  /** Length of the longest curve (0 for scalar tables): the natural max resource. */
  readonly longestCurve: number;
  /** Ids of rows left out because a hyperparameter value was not recorded (null): no config can be matched to them. */
  readonly omitted: readonly string[];
}

export class TableError extends Error {
  override readonly name = 'TableError';
}

/** Problems listed in one error; past this many the rest are counted, not listed. */
const MAX_LISTED = 5;
const CURVE_SUFFIX = '_curve';
/** Row fields that describe the row rather than measure it. */
const NOT_METRICS = new Set(['id', 'config', 'config_scaled']);

/**
 * Validates parsed JSON as a recorded table. `source` names it in errors
 * (usually the file path). Throws TableError listing what is wrong and where.
 */
export function parseTable(json: unknown, source: string): RecordedTable {
  const problems: string[] = [];
  const fail = (): never => {
    const listed = problems.slice(0, MAX_LISTED).map((p) => `  - ${p}`).join('\n');
    const more = problems.length > MAX_LISTED ? `\n  ... and ${problems.length - MAX_LISTED} more` : '';
    throw new TableError(`${source} is not a usable recorded table:\n${listed}${more}\nA table is {"hyperparameters": {name: [values]}, "rows": [{"id", "config": {name: value}, metrics..., "<metric>_curve": [...]}]}.`);
  };
  if (!isObject(json)) {
    problems.push('the top level must be a JSON object');
    return fail();
  }
  const hyperparameters = readHyperparameters(json['hyperparameters'], problems);
  const rawRows = json['rows'];
  if (!Array.isArray(rawRows) || rawRows.length === 0) problems.push('`rows` must be a non-empty array');
  if (problems.length > 0) return fail();

  const rows: TableRow[] = [];
  const omitted: string[] = [];
  const ids = new Set<string>();
  (rawRows as unknown[]).forEach((raw, i) => {
    const read = readRow(raw, `rows[${i}]`, hyperparameters, problems);
    if (!read) return;
    const { row, recorded } = read;
    if (ids.has(row.id)) problems.push(`rows[${i}]: id ${row.id} is used by an earlier row`);
    ids.add(row.id);
    if (recorded) rows.push(row);
    else omitted.push(row.id);
  });
  if (rows.length === 0 && problems.length === 0) problems.push('every row has a hyperparameter value that was not recorded (null)');
  const curveMetrics = rows.length > 0 ? Object.keys(rows[0]?.curves ?? {}).sort() : [];
  rows.forEach((row, i) => {
    const names = Object.keys(row.curves).sort();
    if (names.join() !== curveMetrics.join()) problems.push(`rows[${i}]: curves [${names.join(', ')}] differ from the first row's [${curveMetrics.join(', ')}]; every row needs the same curves`);
  });
  if (problems.length > 0) return fail();

  let longestCurve = 0;
  for (const row of rows) for (const c of Object.values(row.curves)) longestCurve = Math.max(longestCurve, c.length);
  return { kind: curveMetrics.length > 0 ? 'curve' : 'scalar', hyperparameters, rows, curveMetrics, longestCurve, omitted };
}

function readHyperparameters(raw: unknown, problems: string[]): Map<string, readonly Scalar[]> {
  const out = new Map<string, readonly Scalar[]>();
  if (!isObject(raw) || Object.keys(raw).length === 0) {
    problems.push('`hyperparameters` must be an object mapping each hyperparameter to the list of its values');
    return out;
  }
  for (const [name, values] of Object.entries(raw)) {
    if (!Array.isArray(values) || values.length === 0 || !values.every(isScalar)) {
      problems.push(`hyperparameters.${name} must be a non-empty list of numbers, strings or booleans`);
      continue;
    }
    if (new Set(values).size !== values.length) problems.push(`hyperparameters.${name} lists a value twice`);
    // Rank scaling needs an order; for numbers the only sensible one is numeric.
    const ordered = values.every((v) => typeof v === 'number') ? [...(values as number[])].sort((a, b) => a - b) : values;
    out.set(name, ordered);
  }
  return out;
}

/** `recorded` is false when a hyperparameter value is null: the source did not record it. */
function readRow(raw: unknown, at: string, hyperparameters: ReadonlyMap<string, readonly Scalar[]>, problems: string[]): { row: TableRow; recorded: boolean } | undefined {
  if (!isObject(raw)) {
    problems.push(`${at} must be an object`);
    return undefined;
  }
  const id = raw['id'];
  if (typeof id !== 'number' && typeof id !== 'string') {
    problems.push(`${at}.id must be a number or a string`);
    return undefined;
  }
  const rawConfig = raw['config'];
  if (!isObject(rawConfig)) {
    problems.push(`${at}.config must be an object of hyperparameter values`);
    return undefined;
  }
  const config: Record<string, Scalar> = {};
  let recorded = true;
  for (const name of Object.keys(rawConfig)) {
    if (!hyperparameters.has(name)) problems.push(`${at}.config.${name} is not a hyperparameter of the table (add it to \`hyperparameters\`)`);
  }
  for (const [name, values] of hyperparameters) {
    // Some tables keep a hyperparameter beside the config (NMTLC's `num_heads`).
    const value = name in rawConfig ? rawConfig[name] : raw[name];
    if (value === undefined) {
      problems.push(`${at} has no value for hyperparameter ${name}`);
    } else if (value === null) {
      recorded = false;
    } else if (!isScalar(value) || !values.includes(value)) {
      problems.push(`${at}: ${name} = ${JSON.stringify(value)} is not one of the table's values [${values.map(String).join(', ')}]`);
    } else {
      config[name] = value;
    }
  }
  const metrics: Record<string, number> = {};
  const curves: Record<string, readonly number[]> = {};
  for (const [field, value] of Object.entries(raw)) {
    if (NOT_METRICS.has(field) || hyperparameters.has(field)) continue;
    if (field.endsWith(CURVE_SUFFIX)) {
      const metric = field.slice(0, -CURVE_SUFFIX.length);
      if (!Array.isArray(value) || value.length === 0 || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        problems.push(`${at}.${field} must be a non-empty list of finite numbers (the metric at each checkpoint)`);
      } else {
        curves[metric] = value as number[];
      }
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      metrics[field] = value;
    }
  }
  return { row: { id: String(id), config, metrics, curves }, recorded };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isScalar(x: unknown): x is Scalar {
  return typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
}

/** Where an objective's values come from in a table: a curve, a row field, or nowhere. */
export function metricSource(table: RecordedTable, metric: string): 'curve' | 'scalar' | undefined {
  if (table.curveMetrics.includes(metric)) return 'curve';
  return table.rows.every((r) => metric in r.metrics) ? 'scalar' : undefined;
}

/** Throws a TableError unless every objective is a curve or a field of every row. */
export function checkObjectives(table: RecordedTable, objectives: readonly { readonly name: string }[], source: string): void {
  const missing = objectives.filter((o) => metricSource(table, o.name) === undefined).map((o) => o.name);
  if (missing.length === 0) return;
  const curves = table.curveMetrics.map((m) => `${m} (from ${m}_curve)`);
  const fields = Object.keys(table.rows[0]?.metrics ?? {}).filter((f) => table.rows.every((r) => f in r.metrics));
  throw new TableError(`${source} has no metric ${missing.map((m) => `'${m}'`).join(', ')}: name objectives after a curve or a field every row has: ${[...curves, ...fields].join(', ')}.`);
}
