/**
 * Protocol (a), scored and written up: maximise dev_bleu on the NMTHPO tables;
 * regret at 20 and 50 evaluations and evaluations to the best row (ftb),
 * median [25th, 75th] over seeds, in the "Single objective (NMTHPO)" section
 * of docs/benchmarks.md beside the peers' numbers.
 */
import type { RecordedTable } from '../src/core/table/table';
import type { BenchResult } from './bench-result';
import { replaceDocSection } from './doc-section';
import { evaluationsToBest, formatSpread, regretAt, spread, tableBest, type Mode, type Spread } from './metrics';
import { PEER_SINGLE_OBJECTIVE, PEER_SOURCE } from './peers';

/** Evaluation budgets the regret is read at. */
export const REGRET_BUDGETS = [20, 50] as const;

/** The protocol runs to the table's size, capped here (sw-en has 767 rows). */
export const MAX_EVALUATIONS = 400;

export interface SingleObjectiveScore {
  readonly pair: string;
  readonly searcher: string;
  readonly rows: number;
  readonly seeds: number;
  /** One spread per budget, in REGRET_BUDGETS order. */
  readonly regrets: readonly Spread[];
  /** Infinity for a run that never evaluated a best row within `horizon`. */
  readonly ftb: Spread;
  /** Runs that evaluated a best row. */
  readonly reached: number;
  /** Evaluations of the longest run, the bound ftb is read within (T_max, or less when runs were cut short). */
  readonly horizon: number;
}

export function scoreSingleObjective(result: BenchResult, table: RecordedTable, objective: { readonly name: string; readonly mode: Mode }, names: { readonly pair: string; readonly searcher: string }): SingleObjectiveScore {
  const best = tableBest(table, objective.name, objective.mode);
  const horizon = Math.min(table.rows.length, MAX_EVALUATIONS, Math.max(...result.runs.map((r) => r.evaluations.length)));
  const regrets = REGRET_BUDGETS.map((b) => spread(result.runs.map((run) => regretAt(run.evaluations, objective.name, objective.mode, best, b))));
  const ftbs = result.runs.map((run) => evaluationsToBest(run.evaluations.slice(0, horizon), objective.name, objective.mode, best) ?? Number.POSITIVE_INFINITY);
  return {
    ...names,
    rows: table.rows.length,
    seeds: result.runs.length,
    regrets,
    ftb: spread(ftbs),
    reached: ftbs.filter((f) => f !== Number.POSITIVE_INFINITY).length,
    horizon,
  };
}

/** Rung's searchers in the order they are listed. */
const SEARCHER_ORDER = ['random', 'bo'];
const PAIR_ORDER = ['zh-en', 'ru-en', 'en-ja', 'sw-en'];

const HEADING = '## Single objective (NMTHPO)';
/** The protocols' order in the document: (a) goes before (c). */
const NEXT_HEADING = '## Multi-fidelity (NMTLC)';

/** Evaluation counts: whole numbers plain, quartiles between two runs with one decimal, like the peers. */
function count(x: number, horizon: number): string {
  if (x === Number.POSITIVE_INFINITY) return `>${horizon}`;
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

function ftbCell(s: SingleObjectiveScore): string {
  const { median, p25, p75 } = s.ftb;
  return `${count(median, s.horizon)} [${count(p25, s.horizon)}, ${count(p75, s.horizon)}] (${s.reached})`;
}

export function renderSingleObjectiveSection(scores: readonly SingleObjectiveScore[]): string {
  const lines = [
    HEADING,
    '',
    '<!-- Written by bench/nmthpo.ts from `rung bench --json` results; rerun it rather than editing here. -->',
    '',
    'Protocol (a) on the NMTHPO tables (bench/tables): maximise dev_bleu, one trial at a time, FIFO, one',
    'proposal = one evaluation (a config that is not a row is replaced by the nearest row, and repeated rows',
    'count). regret(B) = the table\'s best dev_bleu minus the best among the first B evaluations; ftb =',
    'evaluations until a row with the table\'s best dev_bleu is evaluated, runs stopped at T_max (the table\'s',
    `size, at most ${MAX_EVALUATIONS}); \`>T\`: the run never got there. Median [25th, 75th] over seeds; after ftb, the`,
    'runs that reached the best row. Rung\'s random search never proposes a config twice, so it samples the',
    'space without replacement; `bo` is the Gaussian-process searcher with its defaults.',
    '',
  ];
  if (scores.length === 0) {
    lines.push('No Rung results are recorded yet: run `npm run bench:nmthpo` (see bench/README.md).', '');
  }
  lines.push('| table (rows) | sampler | B=20 | B=50 | ftb (runs that reached it) | seeds |', '|---|---|---|---|---|---|');
  const rank = (order: readonly string[], x: string): number => (order.includes(x) ? order.indexOf(x) : order.length);
  const pairs = [...new Set([...PAIR_ORDER, ...scores.map((s) => s.pair)])].sort((a, b) => rank(PAIR_ORDER, a) - rank(PAIR_ORDER, b) || a.localeCompare(b));
  for (const pair of pairs) {
    const ours = scores.filter((s) => s.pair === pair).sort((a, b) => rank(SEARCHER_ORDER, a.searcher) - rank(SEARCHER_ORDER, b.searcher) || a.searcher.localeCompare(b.searcher));
    for (const s of ours) {
      lines.push(`| ${s.pair} (${s.rows}) | Rung ${s.searcher} | ${s.regrets.map((r) => formatSpread(r)).join(' | ')} | ${ftbCell(s)} | ${s.seeds} |`);
    }
    for (const p of PEER_SINGLE_OBJECTIVE.filter((q) => q.pair === pair)) {
      lines.push(`| ${p.pair} | Optuna ${p.sampler} | ${p.regret20} | ${p.regret50} | ${p.ftb} | 20 |`);
    }
  }
  lines.push(
    '',
    `Optuna rows: ${PEER_SOURCE} (Debian's python3-optuna 3.1.0, 2 cores, 20 seeds, same tables and protocol);`,
    'TPE and TPE multivariate with Optuna\'s defaults.',
  );
  return `${lines.join('\n')}\n`;
}

/** Replaces the section in `doc`; a document without it gets it before the multi-fidelity section. */
export function replaceSingleObjectiveSection(doc: string, section: string): string {
  return replaceDocSection(doc, HEADING, section, NEXT_HEADING);
}
