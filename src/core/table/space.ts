/**
 * The search space of a table, as Rung parameters, so random and grid
 * searchers (and a study's `space:`) work on it directly.
 *
 * Searched: every hyperparameter with at least two values, except those that
 * follow from another one. In the finetune corpus the model (`llm`) fixes
 * `model_size`, `num_layers`, `ff_num_hidden` and `bpe`; sampling those
 * independently would mostly propose combinations no row has, and nearest-row
 * replacement would then skew what is evaluated. Constants (one value) are left
 * out: they never change the nearest row.
 */
import type { Distribution, Scalar } from '../space/model';
import type { RecordedTable } from './table';

export interface TableParameter {
  readonly name: string;
  readonly distribution: Extract<Distribution, { kind: 'choice' | 'ordinal' }>;
}

export function tableSpace(table: RecordedTable): TableParameter[] {
  const names = [...table.hyperparameters.keys()].filter((n) => (table.hyperparameters.get(n)?.length ?? 0) > 1);
  return names
    .filter((name) => !names.some((other) => other !== name && determines(table, other, name)))
    .map((name) => {
      const values = table.hyperparameters.get(name) as readonly Scalar[];
      // Numbers have an order a searcher may exploit; names of models do not.
      const kind = values.every((v) => typeof v === 'number') ? 'ordinal' : 'choice';
      return { name, distribution: { kind, values } };
    });
}

/**
 * True when `from` has more values than `to` and every row's value of `from`
 * fixes its value of `to`. The count condition keeps two hyperparameters that
 * happen to move together (one each way) from both being dropped; asking that
 * each value of `from` occur in two rows or more keeps a sparse table from
 * showing a dependency by accident.
 */
function determines(table: RecordedTable, from: string, to: string): boolean {
  const fromCount = table.hyperparameters.get(from)?.length ?? 0;
  const toCount = table.hyperparameters.get(to)?.length ?? 0;
  if (fromCount <= toCount) return false;
  const seen = new Map<Scalar, { value: Scalar; rows: number }>();
  for (const row of table.rows) {
    const key = row.config[from] as Scalar;
    const value = row.config[to] as Scalar;
    const before = seen.get(key);
    if (before !== undefined && before.value !== value) return false;
    seen.set(key, { value, rows: (before?.rows ?? 0) + 1 });
  }
  return [...seen.values()].every((s) => s.rows >= 2);
}
