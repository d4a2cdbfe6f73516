/**
 * The file `rung bench FILE --seeds N --json PATH` writes:
 * {"study", "table", "seeds", "runs": [{"seed", "evaluations": [{"row", "resource", "cost", "complete", "values"}]}]}
 * Evaluations are in the order they ended; `cost` is the checkpoints trained in the run
 * up to and including that launch (cumulative: a resumed trial adds only its new checkpoints).
 */
import type { Evaluation } from './metrics';

export interface BenchRun {
  readonly seed: number;
  readonly evaluations: readonly Evaluation[];
}

export interface BenchResult {
  /** The study file, as given to `rung bench`. */
  readonly study: string;
  /** The study's `table:`, as written there (relative to the study's folder). */
  readonly table: string;
  readonly seeds: number;
  readonly runs: readonly BenchRun[];
}

export function parseBenchResult(json: unknown, source: string): BenchResult {
  const bad = (what: string): never => {
    throw new Error(`${source} is not a \`rung bench --json\` result: ${what}.`);
  };
  if (!isObject(json)) return bad('the top level must be an object');
  const { study, table, seeds, runs } = json;
  if (typeof study !== 'string') bad('`study` must be the study file path');
  if (typeof table !== 'string') bad('`table` must be the table path');
  if (typeof seeds !== 'number') bad('`seeds` must be a number');
  if (!Array.isArray(runs) || runs.length === 0) bad('`runs` must be a non-empty list');
  const parsedRuns = (runs as unknown[]).map((run, i): BenchRun => {
    if (!isObject(run) || typeof run['seed'] !== 'number' || !Array.isArray(run['evaluations'])) return bad(`runs[${i}] needs a numeric seed and an evaluations list`);
    let spent = 0;
    const evaluations = (run['evaluations'] as unknown[]).map((e, j): Evaluation => {
      const at = `runs[${i}].evaluations[${j}]`;
      if (!isObject(e)) return bad(`${at} must be an object`);
      const { row, resource, cost, complete, values } = e;
      if (typeof row !== 'string' && typeof row !== 'number') bad(`${at}.row must be the row id`);
      if (typeof resource !== 'number' || typeof cost !== 'number' || cost < 0) bad(`${at} needs numeric resource and a cost >= 0`);
      if ((cost as number) < spent) bad(`${at}.cost ${cost} is below the one before it (${spent}); cost is cumulative over the run`);
      spent = cost as number;
      if (typeof complete !== 'boolean') bad(`${at}.complete must be true or false`);
      if (!isObject(values) || !Object.values(values).every((v) => typeof v === 'number')) bad(`${at}.values must map metrics to numbers`);
      return { row: String(row), resource: resource as number, cost: cost as number, complete: complete as boolean, values: values as Record<string, number> };
    });
    return { seed: run['seed'] as number, evaluations };
  });
  return { study: study as string, table: table as string, seeds: seeds as number, runs: parsedRuns };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
