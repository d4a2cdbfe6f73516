/**
 * Scores `rung bench --json` results of the single-objective studies and writes
 * the "Single objective (NMTHPO)" section of docs/benchmarks.md.
 *
 *   node out/bench/nmthpo.js RESULT.json... [--doc docs/benchmarks.md] [--print]
 *
 * Each result names its study (bench/studies/nmthpo/<pair>.<searcher>.rung.yaml):
 * the study gives the objective and the table (relative to the study's folder).
 * With no results, the section lists the peers' numbers only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkStudy } from '../src/core/space/validate';
import { loadTable } from '../src/backends/table/load';
import { parseBenchResult } from './bench-result';
import { renderSingleObjectiveSection, replaceSingleObjectiveSection, scoreSingleObjective, type SingleObjectiveScore } from './nmthpo-report';

const USAGE = 'Usage: node out/bench/nmthpo.js RESULT.json... [--doc docs/benchmarks.md] [--print]';

function scoreFile(file: string): SingleObjectiveScore {
  const result = parseBenchResult(JSON.parse(fs.readFileSync(file, 'utf8')), file);
  const study = checkStudy(fs.readFileSync(result.study, 'utf8')).study;
  const objective = study?.objectives[0];
  if (!objective) throw new Error(`${result.study} has no objective to score`);
  const table = loadTable(path.resolve(path.dirname(result.study), result.table));
  if (table.kind !== 'scalar') throw new Error(`${result.study}: its table has learning curves; score it with bench/multifidelity.ts`);
  const [pair, searcher] = path.basename(result.study).replace(/\.rung\.ya?ml$/, '').split('.');
  if (!pair || !searcher) throw new Error(`${result.study}: name single-objective studies <pair>.<searcher>.rung.yaml so their rows can be placed`);
  return scoreSingleObjective(result, table, objective, { pair, searcher });
}

function main(argv: readonly string[]): number {
  const files: string[] = [];
  let doc = 'docs/benchmarks.md';
  let print = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--doc') doc = argv[++i] ?? '';
    else if (a === '--print') print = true;
    else if (a === '--help' || a === '-h' || a.startsWith('--')) {
      process.stdout.write(`${USAGE}\n`);
      return a.startsWith('--h') || a === '-h' ? 0 : 2;
    } else files.push(a);
  }
  if (doc === '') {
    process.stderr.write(`--doc needs a path\n${USAGE}\n`);
    return 2;
  }
  const scores = files.map(scoreFile);
  const section = renderSingleObjectiveSection(scores);
  if (print) process.stdout.write(section);
  const before = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Benchmarks\n';
  fs.mkdirSync(path.dirname(doc), { recursive: true });
  fs.writeFileSync(doc, replaceSingleObjectiveSection(before, section));
  for (const s of scores) process.stdout.write(`${s.pair} ${s.searcher}: regret@20/50 ${s.regrets.map((r) => r.median.toFixed(2)).join(' / ')}, ftb reached ${s.reached}/${s.seeds}\n`);
  process.stdout.write(`wrote the Single objective (NMTHPO) section of ${doc}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  // Every failure here is bad input (a missing file, a malformed result or table): say which, without a stack.
  process.stderr.write(`nmthpo: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
