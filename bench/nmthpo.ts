/**
 * Scores `rung bench --json` results of the NMTHPO studies and writes the
 * "Single objective (NMTHPO)" and "Two objectives (NMTHPO)" sections of
 * docs/benchmarks.md.
 *
 *   node out/bench/nmthpo.js RESULT.json... [--doc docs/benchmarks.md] [--print]
 *
 * Each result names its study (bench/studies/nmthpo{,-pareto}/<pair>.<searcher>.rung.yaml):
 * the study gives the objectives (one: protocol a, two: protocol b) and the
 * table (relative to the study's folder). Only the sections of the protocols
 * given results are rewritten; with no results at all, both list the peers'
 * numbers only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkStudy } from '../src/core/space/validate';
import { loadTable } from '../src/backends/table/load';
import { parseBenchResult } from './bench-result';
import { parseReportArgs } from './report-args';
import { renderTwoObjectiveSection, replaceTwoObjectiveSection, scoreTwoObjectives, type TwoObjectiveScore } from './nmthpo-pareto-report';
import { renderSingleObjectiveSection, replaceSingleObjectiveSection, scoreSingleObjective, type SingleObjectiveScore } from './nmthpo-report';

const USAGE = 'Usage: node out/bench/nmthpo.js RESULT.json... [--doc docs/benchmarks.md] [--print]';

type Scored = { readonly protocol: 'a'; readonly score: SingleObjectiveScore } | { readonly protocol: 'b'; readonly score: TwoObjectiveScore };

function scoreFile(file: string): Scored {
  const result = parseBenchResult(JSON.parse(fs.readFileSync(file, 'utf8')), file);
  const study = checkStudy(fs.readFileSync(result.study, 'utf8')).study;
  const objectives = (study?.objectives ?? []).filter((o) => !o.builtin);
  const table = loadTable(path.resolve(path.dirname(result.study), result.table));
  if (table.kind !== 'scalar') throw new Error(`${result.study}: its table has learning curves; score it with bench/multifidelity.ts`);
  const [pair, searcher] = path.basename(result.study).replace(/\.rung\.ya?ml$/, '').split('.');
  if (!pair || !searcher) throw new Error(`${result.study}: name NMTHPO studies <pair>.<searcher>.rung.yaml so their rows can be placed`);
  const [first, second] = objectives;
  if (!first || objectives.length > 2) throw new Error(`${result.study} has ${objectives.length} objectives; the NMTHPO protocols score one (dev_bleu) or two (dev_bleu, dev_gpu_time)`);
  if (!second) return { protocol: 'a', score: scoreSingleObjective(result, table, first, { pair, searcher }) };
  return { protocol: 'b', score: scoreTwoObjectives(result, table, { first, second }, { pair, searcher }) };
}

function main(argv: readonly string[]): number {
  const args = parseReportArgs(argv, USAGE);
  if (typeof args === 'number') return args;
  const { files, doc, print } = args;
  const scored = files.map(scoreFile);
  const single = scored.flatMap((s) => (s.protocol === 'a' ? [s.score] : []));
  const two = scored.flatMap((s) => (s.protocol === 'b' ? [s.score] : []));
  let text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Benchmarks\n';
  if (single.length > 0 || two.length === 0) {
    const section = renderSingleObjectiveSection(single);
    if (print) process.stdout.write(section);
    text = replaceSingleObjectiveSection(text, section);
    for (const s of single) process.stdout.write(`${s.pair} ${s.searcher}: regret@20/50 ${s.regrets.map((r) => r.median.toFixed(2)).join(' / ')}, ftb reached ${s.reached}/${s.seeds}\n`);
  }
  if (two.length > 0 || single.length === 0) {
    const section = renderTwoObjectiveSection(two);
    if (print) process.stdout.write(section);
    text = replaceTwoObjectiveSection(text, section);
    for (const s of two) process.stdout.write(`${s.pair} ${s.searcher}: HV@50/100 ${s.hypervolume.map((h) => h.median.toFixed(3)).join(' / ')}, fbp@100 ${s.fbp.median}\n`);
  }
  fs.mkdirSync(path.dirname(doc), { recursive: true });
  fs.writeFileSync(doc, text);
  process.stdout.write(`wrote the NMTHPO sections of ${doc}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  // Every failure here is bad input (a missing file, a malformed result or table): say which, without a stack.
  process.stderr.write(`nmthpo: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
