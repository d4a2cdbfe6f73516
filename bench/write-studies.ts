/**
 * Writes the benchmark study files, each searching its table's own space
 * (tableSpace), so the space can never drift from the table:
 * - multi-fidelity, bench/studies/<corpus>.<method>.rung.yaml: one per NMTLC
 *   corpus and scheduler, with random search;
 * - single objective, bench/studies/nmthpo/<pair>.<searcher>.rung.yaml, and two
 *   objectives, bench/studies/nmthpo-pareto/<pair>.<searcher>.rung.yaml: one per
 *   NMTHPO table and searcher, FIFO, one trial at a time.
 *
 *   node out/bench/write-studies.js [bench]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTable } from '../src/backends/table/load';
import { tableSpace } from '../src/core/table/space';
import { meanCurveLength } from './metrics';
import { MAX_EVALUATIONS } from './nmthpo-report';
import { PARETO_EVALUATIONS } from './nmthpo-pareto-report';

interface Corpus {
  readonly name: string;
  readonly file: string;
  readonly objective: { readonly name: string; readonly mode: 'max' | 'min' };
}

const CORPORA: readonly Corpus[] = [
  ...['zh-en', 'ru-en', 'en-ja', 'sw-en'].map((pair): Corpus => ({ name: `scratch-${pair}`, file: `nmtlc-scratch-${pair}-joined.json`, objective: { name: 'perplexity', mode: 'min' } })),
  { name: 'finetune-zh-en', file: 'nmtlc-finetune-zh-en.json', objective: { name: 'bleu', mode: 'max' } },
];

/** Scheduler settings per method; `max` is always the corpus's longest curve. */
const METHODS: readonly { readonly id: string; readonly what: string; readonly scheduler: (max: number) => string[]; readonly searcher?: 'bo' }[] = [
  { id: 'fifo', what: 'random search, every trial trained in full (rs_full)', scheduler: (max) => ['type: fifo', 'resource: checkpoints', `max: ${max}`] },
  { id: 'asha-promotion', what: 'ASHA, paused trials resumed when promoted', scheduler: (max) => ['type: asha', 'resource: checkpoints', 'min: 1', `max: ${max}`, 'reduction: 3', 'mode: promotion'] },
  { id: 'asha-stopping', what: 'ASHA, trials stopped at a rung they do not pass', scheduler: (max) => ['type: asha', 'resource: checkpoints', 'min: 1', `max: ${max}`, 'reduction: 3', 'mode: stopping'] },
  { id: 'asha-stopping-r4', what: 'ASHA stopping with reduction 4, like successive halving with Optuna\'s defaults (rs_sha)', scheduler: (max) => ['type: asha', 'resource: checkpoints', 'min: 1', `max: ${max}`, 'reduction: 4', 'mode: stopping'] },
  { id: 'hyperband', what: 'Hyperband, stopping within brackets (rs_hb)', scheduler: (max) => ['type: hyperband', 'resource: checkpoints', 'min: 1', `max: ${max}`, 'reduction: 3', 'mode: stopping'] },
  { id: 'asha-promotion-bo', what: 'BO inside ASHA (promotion, reduction 3)', scheduler: (max) => ['type: asha', 'resource: checkpoints', 'min: 1', `max: ${max}`, 'reduction: 3', 'mode: promotion'], searcher: 'bo' },
  { id: 'asha-stopping-r4-bo', what: 'BO inside ASHA (stopping, reduction 4), against rs_sha', scheduler: (max) => ['type: asha', 'resource: checkpoints', 'min: 1', `max: ${max}`, 'reduction: 4', 'mode: stopping'], searcher: 'bo' },
];

function yamlScalar(v: string | number | boolean): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Protocol (a) on the four NMTHPO tables, each run up to T_max evaluations (the table size, capped at MAX_EVALUATIONS). */
const NMTHPO_PAIRS = ['zh-en', 'ru-en', 'en-ja', 'sw-en'] as const;
const NMTHPO_SEARCHERS: readonly { readonly id: string; readonly what: string }[] = [
  { id: 'random', what: 'random search' },
  { id: 'bo', what: 'Bayesian optimisation (searcher: bo)' },
];

function writeSingleObjective(benchDir: string): void {
  const out = path.join(benchDir, 'studies', 'nmthpo');
  fs.mkdirSync(out, { recursive: true });
  for (const pair of NMTHPO_PAIRS) {
    const file = `${pair}.json`;
    const table = loadTable(path.join(benchDir, 'tables', file));
    const evaluations = Math.min(table.rows.length, MAX_EVALUATIONS);
    const space = tableSpace(table).map((p) => `  ${p.name}: {${p.distribution.kind}: [${p.distribution.values.map(yamlScalar).join(', ')}]}`);
    for (const searcher of NMTHPO_SEARCHERS) {
      const text = [
        `# Single-objective benchmark (docs/benchmarks.md): NMTHPO ${pair}, ${searcher.what}.`,
        '# Written by bench/write-studies.ts from the table; regenerate it rather than editing.',
        'version: 1',
        `name: nmthpo-${pair}.${searcher.id}`,
        `table: ../../tables/${file}`,
        'space:',
        ...space,
        'objectives:',
        '  dev_bleu: {mode: max}',
        `searcher: ${searcher.id}`,
        'scheduler: fifo',
        'parallel: 1',
        `# T_max: the table's ${table.rows.length} rows${table.rows.length > MAX_EVALUATIONS ? `, capped at ${MAX_EVALUATIONS}` : ''}; one trial is one evaluation.`,
        `budget: {trials: ${evaluations}}`,
        '',
      ].join('\n');
      fs.writeFileSync(path.join(out, `${pair}.${searcher.id}.rung.yaml`), text);
    }
    process.stdout.write(`nmthpo ${pair}: ${table.rows.length} rows, T_max = ${evaluations}, ${NMTHPO_SEARCHERS.length} studies\n`);
  }
}

/** Protocol (b): dev_bleu up and dev_gpu_time down on the same tables, scored up to PARETO_EVALUATIONS. */
function writeTwoObjectives(benchDir: string): void {
  const out = path.join(benchDir, 'studies', 'nmthpo-pareto');
  fs.mkdirSync(out, { recursive: true });
  for (const pair of NMTHPO_PAIRS) {
    const file = `${pair}.json`;
    const table = loadTable(path.join(benchDir, 'tables', file));
    const space = tableSpace(table).map((p) => `  ${p.name}: {${p.distribution.kind}: [${p.distribution.values.map(yamlScalar).join(', ')}]}`);
    for (const searcher of NMTHPO_SEARCHERS) {
      const text = [
        `# Two-objective benchmark (docs/benchmarks.md): NMTHPO ${pair}, ${searcher.what}.`,
        '# Written by bench/write-studies.ts from the table; regenerate it rather than editing.',
        'version: 1',
        `name: nmthpo-pareto-${pair}.${searcher.id}`,
        `table: ../../tables/${file}`,
        'space:',
        ...space,
        'objectives:',
        '  dev_bleu: {mode: max}',
        '  dev_gpu_time: {mode: min}',
        `searcher: ${searcher.id}`,
        'scheduler: fifo',
        'parallel: 1',
        '# One trial is one evaluation; the protocol scores the first 50 and 100.',
        `budget: {trials: ${PARETO_EVALUATIONS}}`,
        '',
      ].join('\n');
      fs.writeFileSync(path.join(out, `${pair}.${searcher.id}.rung.yaml`), text);
    }
  }
  process.stdout.write(`nmthpo-pareto: ${NMTHPO_PAIRS.length * NMTHPO_SEARCHERS.length} studies\n`);
}

function main(benchDir: string): void {
  writeSingleObjective(benchDir);
  writeTwoObjectives(benchDir);
  const out = path.join(benchDir, 'studies');
  fs.mkdirSync(out, { recursive: true });
  for (const corpus of CORPORA) {
    const table = loadTable(path.join(benchDir, 'tables', corpus.file));
    const u = meanCurveLength(table);
    // One simulated minute per checkpoint and one trial at a time: 20U checkpoints take 20U simulated minutes.
    const wallMinutes = Math.ceil(20 * u);
    const space = tableSpace(table).map((p) => `  ${p.name}: {${p.distribution.kind}: [${p.distribution.values.map(yamlScalar).join(', ')}]}`);
    for (const method of METHODS) {
      const text = [
        `# Multi-fidelity benchmark (docs/benchmarks.md): ${corpus.name}, ${method.what}.`,
        '# Written by bench/write-studies.ts from the table; regenerate it rather than editing.',
        'version: 1',
        `name: ${corpus.name}.${method.id}`,
        `table: ../tables/${corpus.file}`,
        'space:',
        ...space,
        'objectives:',
        `  ${corpus.objective.name}: {mode: ${corpus.objective.mode}}`,
        `searcher: ${method.searcher ?? 'random'}`,
        'scheduler:',
        ...method.scheduler(table.longestCurve).map((l) => `  ${l}`),
        'parallel: 1',
        `# 20U = ${(20 * u).toFixed(1)} checkpoints, one simulated minute each.`,
        `budget: {wall: ${wallMinutes}m}`,
        '',
      ].join('\n');
      fs.writeFileSync(path.join(out, `${corpus.name}.${method.id}.rung.yaml`), text);
    }
    process.stdout.write(`${corpus.name}: U = ${u.toFixed(2)}, max = ${table.longestCurve}, ${METHODS.length} studies\n`);
  }
}

try {
  main(process.argv[2] ?? 'bench');
} catch (e) {
  process.stderr.write(`write-studies: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
