/**
 * Joins learning curves to the scalar table they were trained for.
 *
 * The NMTLC scratch corpora record, for each curve, the NMTHPO rows it belongs
 * to (`nmthpo_rows`); their own `config` is not a reliable key (zh-en records
 * one `bpe` for curves of three BPE sizes). The benchmark protocol searches the
 * NMTHPO space over the joined rows: each NMTHPO row that has a curve gets the
 * first curve (in table order) that names it. NMTHPO rows without a curve, and
 * curves without an NMTHPO row, are not part of the corpus.
 *
 * The result is a curve table in the same JSON shape: NMTHPO hyperparameters
 * and ids, NMTHPO scalar metrics, and the joined curves; `nmtlc_row` says which
 * curve each row got.
 */
import { TableError } from './table';

type Json = Record<string, unknown>;

export function joinCurves(curves: unknown, scalars: unknown, source: string): Json {
  const lcRows = rowsOf(curves, `${source}: the curve table`);
  const hpoRows = rowsOf(scalars, `${source}: the scalar table`);
  const curveOf = new Map<number | string, Json>();
  for (const lc of lcRows) {
    const links = lc['nmthpo_rows'];
    if (!Array.isArray(links)) throw new TableError(`${source}: curve row ${String(lc['id'])} has no \`nmthpo_rows\` list; only curves that name their scalar rows can be joined.`);
    for (const link of links) if ((typeof link === 'number' || typeof link === 'string') && !curveOf.has(link)) curveOf.set(link, lc);
  }
  const rows: Json[] = [];
  for (const hpo of hpoRows) {
    const lc = curveOf.get(hpo['id'] as number | string);
    if (!lc) continue;
    const joined: Json = {};
    for (const [field, value] of Object.entries(hpo)) if (field !== 'config_scaled') joined[field] = value;
    for (const [field, value] of Object.entries(lc)) {
      if (field.endsWith('_curve') || field.endsWith('_optimal') || field === 'num_checkpoints') joined[field] = value;
    }
    joined['nmtlc_row'] = lc['id'];
    rows.push(joined);
  }
  if (rows.length === 0) throw new TableError(`${source}: no scalar row has a curve; are these tables of the same language pair?`);
  const meta = curves as Json;
  const scalarMeta = scalars as Json;
  return {
    task: meta['task'],
    pair: meta['pair'],
    benchmark: `${String(meta['benchmark'])}, joined to ${String(scalarMeta['benchmark'])}`,
    source: `${String(meta['source'])}; ${String(scalarMeta['source'])}`,
    license: meta['license'],
    hyperparameter_order: scalarMeta['hyperparameter_order'],
    hyperparameters: scalarMeta['hyperparameters'],
    rows,
  };
}

function rowsOf(table: unknown, what: string): Json[] {
  const rows = typeof table === 'object' && table !== null ? (table as Json)['rows'] : undefined;
  if (!Array.isArray(rows) || !rows.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) {
    throw new TableError(`${what} has no \`rows\` list of objects`);
  }
  return rows as Json[];
}
