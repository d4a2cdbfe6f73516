/**
 * Protocol (b), scored and written up: maximise dev_bleu and minimise
 * dev_gpu_time on the NMTHPO tables; hypervolume ratio at 50 and 100
 * evaluations and Pareto rows found (fbp) at 100, median [25th, 75th] over
 * seeds, in the "Two objectives (NMTHPO)" section of docs/benchmarks.md beside
 * the peers' medians.
 */
import type { RecordedTable } from '../src/core/table/table';
import type { BenchResult } from './bench-result';
import { replaceDocSection } from './doc-section';
import { formatSpread, hypervolumeRatio, paretoFront, paretoRowsFound, spread, type Spread, type TwoObjectives } from './metrics';
import { PEER_PARETO_SAMPLERS, PEER_SOURCE, PEER_TWO_OBJECTIVES } from './peers';

/** Evaluations each run makes; the protocol scores the first 50 and 100. */
export const PARETO_EVALUATIONS = 100;
const HV_BUDGETS = [50, 100] as const;

export interface TwoObjectiveScore {
  readonly pair: string;
  readonly searcher: string;
  readonly front: number;
  readonly seeds: number;
  /** One spread per budget, in HV_BUDGETS order. */
  readonly hypervolume: readonly Spread[];
  readonly fbp: Spread;
}

export function scoreTwoObjectives(result: BenchResult, table: RecordedTable, objectives: TwoObjectives, names: { readonly pair: string; readonly searcher: string }): TwoObjectiveScore {
  const front = paretoFront(table);
  return {
    ...names,
    front: front.size,
    seeds: result.runs.length,
    hypervolume: HV_BUDGETS.map((b) => spread(result.runs.map((run) => hypervolumeRatio(run.evaluations, table, objectives, b)))),
    fbp: spread(result.runs.map((run) => paretoRowsFound(run.evaluations, front, PARETO_EVALUATIONS))),
  };
}

const SEARCHER_ORDER = ['random', 'bo'];
const PAIR_ORDER = ['zh-en', 'ru-en', 'en-ja', 'sw-en'];

const HEADING = '## Two objectives (NMTHPO)';
/** The protocols' order in the document: (b) goes before (c). */
const NEXT_HEADING = '## Multi-fidelity (NMTLC)';

export function renderTwoObjectiveSection(scores: readonly TwoObjectiveScore[]): string {
  const lines = [
    HEADING,
    '',
    '<!-- Written by bench/nmthpo.ts from `rung bench --json` results; rerun it rather than editing here. -->',
    '',
    'Protocol (b) on the NMTHPO tables: maximise dev_bleu, minimise dev_gpu_time, one trial at a time, FIFO.',
    'HV ratio(B): both objectives normalised to [0, 1] with min/max over the whole table, reference point (1, 1),',
    'hypervolume of the first B evaluations over that of the true front; the reference point is far from the',
    'front, so ratios start high: read the gap. fbp(B): distinct rows of the true front (`pareto: 1`) among the',
    'first B evaluations. Median [25th, 75th] over seeds.',
    '',
  ];
  if (scores.length === 0) lines.push('No Rung results are recorded yet: run `npm run bench:nmthpo` (see bench/README.md).', '');
  lines.push('| table (front size) | sampler | HV B=50 | HV B=100 | fbp B=100 | seeds |', '|---|---|---|---|---|---|');
  const rank = (order: readonly string[], x: string): number => (order.includes(x) ? order.indexOf(x) : order.length);
  const pairs = [...new Set([...PAIR_ORDER, ...scores.map((s) => s.pair)])].sort((a, b) => rank(PAIR_ORDER, a) - rank(PAIR_ORDER, b) || a.localeCompare(b));
  for (const pair of pairs) {
    const ours = scores.filter((s) => s.pair === pair).sort((a, b) => rank(SEARCHER_ORDER, a.searcher) - rank(SEARCHER_ORDER, b.searcher) || a.searcher.localeCompare(b.searcher));
    for (const s of ours) {
      lines.push(`| ${s.pair} (${s.front}) | Rung ${s.searcher} | ${s.hypervolume.map((h) => formatSpread(h, 3)).join(' | ')} | ${formatSpread(s.fbp, 1)} | ${s.seeds} |`);
    }
    const peer = PEER_TWO_OBJECTIVES.find((p) => p.pair === pair);
    if (peer) {
      PEER_PARETO_SAMPLERS.forEach((sampler, i) => {
        const cells = [peer.hv50[i], peer.hv100[i]].map((x) => (x as number).toFixed(3));
        lines.push(`| ${peer.pair} (${peer.front}) | Optuna ${sampler} | ${cells.join(' | ')} | ${String(peer.fbp100[i])} | 20 |`);
      });
    }
  }
  lines.push(
    '',
    `Optuna rows: ${PEER_SOURCE} (Debian's python3-optuna 3.1.0, 2 cores, 20 seeds, same tables and protocol);`,
    'medians only. NSGA-II with its default population (50) and with 10; MOTPE is Optuna\'s multi-objective TPE.',
  );
  return `${lines.join('\n')}\n`;
}

/** Replaces the section in `doc`; a document without it gets it before the multi-fidelity section. */
export function replaceTwoObjectiveSection(doc: string, section: string): string {
  return replaceDocSection(doc, HEADING, section, NEXT_HEADING);
}
