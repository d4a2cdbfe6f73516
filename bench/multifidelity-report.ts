/**
 * Protocol (c), scored and written up: regret of best_final at 5U / 10U / 20U,
 * median [25th, 75th] over seeds, in the "Multi-fidelity (NMTLC)" section of
 * docs/benchmarks.md beside the peers' numbers.
 */
import type { RecordedTable } from '../src/core/table/table';
import type { BenchResult } from './bench-result';
import { replaceDocSection } from './doc-section';
import { bestOptimum, finalRegretWithin, formatSpread, meanCurveLength, spread, type Mode, type Spread } from './metrics';
import { PEER_METHODS, PEER_MULTIFIDELITY, PEER_SOURCE } from './peers';

/** Budgets in multiples of U. */
export const BUDGETS = [5, 10, 20] as const;

export interface MultiFidelityScore {
  readonly corpus: string;
  readonly method: string;
  readonly u: number;
  readonly seeds: number;
  /** One spread per budget, in BUDGETS order. */
  readonly regrets: readonly Spread[];
}

export function scoreMultiFidelity(result: BenchResult, table: RecordedTable, objective: { readonly name: string; readonly mode: Mode }, names: { readonly corpus: string; readonly method: string }): MultiFidelityScore {
  const u = meanCurveLength(table);
  const best = bestOptimum(table, objective.name, objective.mode);
  const regrets = BUDGETS.map((k) => spread(result.runs.map((run) => finalRegretWithin(run.evaluations, objective.name, objective.mode, best, k * u))));
  return { ...names, u, seeds: result.runs.length, regrets };
}

/** Rung's methods in the order they are listed, each with what it corresponds to among the peers. */
export const METHODS: readonly { readonly id: string; readonly label: string }[] = [
  { id: 'fifo', label: 'fifo (≈ rs_full)' },
  { id: 'asha-promotion', label: 'asha promotion, η 3' },
  { id: 'asha-stopping', label: 'asha stopping, η 3' },
  { id: 'asha-stopping-r4', label: 'asha stopping, η 4 (≈ rs_sha)' },
  { id: 'hyperband', label: 'hyperband, η 3 (≈ rs_hb)' },
  { id: 'asha-promotion-bo', label: 'bo in asha promotion, η 3' },
  { id: 'asha-stopping-r4-bo', label: 'bo in asha stopping, η 4 (vs rs_sha)' },
];

const HEADING = '## Multi-fidelity (NMTLC)';

export function renderSection(scores: readonly MultiFidelityScore[]): string {
  const lines = [
    HEADING,
    '',
    '<!-- Written by bench/multifidelity.ts from `rung bench --json` results; rerun it rather than editing here. -->',
    '',
    'Protocol (c) on the NMTLC learning-curve corpora (bench/tables): resource = checkpoint; the value at',
    'checkpoint k is the best so far of the curve; cost = checkpoints trained (a resumed trial pays only new',
    'checkpoints); a curve that ends early has converged and is complete at its own length. U = mean curve',
    'length of the corpus; best_final(C) = best final value among trials trained to completion within cost C;',
    'the cell is its regret against the corpus\'s best row, median [25th, 75th] over seeds ("none": no trial',
    'completed within that cost). Scratch corpora are searched over the NMTHPO space (curves joined to',
    'NMTHPO rows), finetune over llm x lora_rank x batch_size x initial_lr; the searcher is random, except',
    'in the "bo in" rows: the GP searcher fitted at the highest rung with dims + 2 results (BOHB\'s rule), a',
    'third of its proposals random.',
    '',
    '### Rung',
    '',
  ];
  if (scores.length === 0) {
    lines.push('No Rung results are recorded yet: run `rung bench` on bench/studies/*.rung.yaml, then bench/multifidelity.ts (see bench/README.md).');
  } else {
    lines.push('| corpus (U checkpoints) | method | 5U | 10U | 20U | seeds |', '|---|---|---|---|---|---|');
    const corpusOrder = PEER_MULTIFIDELITY.map((p) => p.corpus);
    const methodOrder = METHODS.map((m) => m.id);
    const rank = (order: readonly string[], x: string): number => (order.includes(x) ? order.indexOf(x) : order.length);
    const sorted = [...scores].sort((a, b) => rank(corpusOrder, a.corpus) - rank(corpusOrder, b.corpus) || a.corpus.localeCompare(b.corpus) || rank(methodOrder, a.method) - rank(methodOrder, b.method) || a.method.localeCompare(b.method));
    for (const s of sorted) {
      const label = METHODS.find((m) => m.id === s.method)?.label ?? s.method;
      lines.push(`| ${s.corpus} (${s.u.toFixed(1)}) | ${label} | ${s.regrets.map((r) => formatSpread(r)).join(' | ')} | ${s.seeds} |`);
    }
  }
  lines.push(
    '',
    `### Peers: ${PEER_SOURCE}`,
    '',
    'Debian\'s python3-optuna 3.1.0 on a 2-core machine, 20 seeds per cell, same tables and protocol; medians',
    'at 5U / 10U / 20U. rs_full: random search, full training; rs_sha: random + SuccessiveHalvingPruner',
    '(reduction 4, min resource 1); tpe_hb: TPE + HyperbandPruner (min 1, max = longest curve, reduction 3);',
    'rs_hb: random + HyperbandPruner. Optuna\'s min resource "auto" is max(1, steps of the first finished',
    'trial // 100): 2 checkpoints on scratch en-ja, 1 elsewhere; Rung\'s studies use 1 everywhere, and Optuna',
    'prunes nothing until a first trial has finished, while Rung judges from the first result at a rung.',
    '',
    `| corpus (U checkpoints) | ${PEER_METHODS.join(' | ')} |`,
    `|---|${PEER_METHODS.map(() => '---').join('|')}|`,
  );
  for (const p of PEER_MULTIFIDELITY) {
    lines.push(`| ${p.label} (${p.u}) | ${p.regrets.map((r) => r.map((x) => x.toFixed(2)).join(' / ')).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Replaces the section (up to the next level-2 heading) in `doc`, or appends it. */
export function replaceSection(doc: string, section: string): string {
  return replaceDocSection(doc, HEADING, section);
}
