/**
 * The table backend a `table:` study runs on: its table read relative to the
 * study file, its objectives reported, its parallelism honoured, and a
 * simulated clock the caller stamps the journal with.
 */
import * as path from 'node:path';
import type { Study } from '../../core/space/model';
import type { RecordedTable } from '../../core/table/table';
import { SimulatedClock } from './clock';
import { loadTable } from './load';
import { TableBackend } from './table-backend';

export interface TableRun {
  readonly backend: TableBackend;
  readonly clock: SimulatedClock;
  readonly table: RecordedTable;
}

/** `seed`: the run's seed (it breaks nearest-row ties); `start`: epoch ms the simulated run begins at. */
export function tableRunFor(study: Study, studyFile: string, seed: number, start = 0): TableRun {
  if (!study.table) throw new Error(`${studyFile} has no \`table:\`; only table studies replay on a simulated clock`);
  const source = path.resolve(path.dirname(studyFile), study.table.path);
  const table = loadTable(source);
  const clock = new SimulatedClock(start);
  // Built-in objectives (co2e) are measured by Rung from power draw; a table has none to report.
  const objectives = study.objectives.filter((o) => !o.builtin).map((o) => ({ name: o.name, mode: o.mode }));
  const backend = new TableBackend({ table, source, objectives, clock, seed, parallel: study.parallel ?? 1 });
  return { backend, clock, table };
}
