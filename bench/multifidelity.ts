/**
 * Scores `rung bench --json` results of the multi-fidelity studies and writes
 * the "Multi-fidelity (NMTLC)" section of docs/benchmarks.md.
 *
 *   node out/bench/multifidelity.js RESULT.json... [--doc docs/benchmarks.md] [--print]
 *
 * Each result names its study (bench/studies/<corpus>.<method>.rung.yaml): the
 * study gives the objective and the table (relative to the study's folder).
 * With no results, the section lists the peers' numbers only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkStudy } from '../src/core/space/validate';
import { loadTable } from '../src/backends/table/load';
import { parseBenchResult } from './bench-result';
import { parseReportArgs } from './report-args';
import { renderSection, replaceSection, scoreMultiFidelity, type MultiFidelityScore } from './multifidelity-report';

const USAGE = 'Usage: node out/bench/multifidelity.js RESULT.json... [--doc docs/benchmarks.md] [--print]';

function scoreFile(file: string): MultiFidelityScore {
  const result = parseBenchResult(JSON.parse(fs.readFileSync(file, 'utf8')), file);
  const studyText = fs.readFileSync(result.study, 'utf8');
  const study = checkStudy(studyText).study;
  const objective = study?.objectives[0];
  if (!objective) throw new Error(`${result.study} has no objective to score`);
  const table = loadTable(path.resolve(path.dirname(result.study), result.table));
  const [corpus, method] = path.basename(result.study).replace(/\.rung\.ya?ml$/, '').split('.');
  if (!corpus || !method) throw new Error(`${result.study}: name multi-fidelity studies <corpus>.<method>.rung.yaml so their cells can be placed`);
  return scoreMultiFidelity(result, table, objective, { corpus, method });
}

function main(argv: readonly string[]): number {
  const args = parseReportArgs(argv, USAGE);
  if (typeof args === 'number') return args;
  const { files, doc, print } = args;
  const scores = files.map(scoreFile);
  const section = renderSection(scores);
  if (print) process.stdout.write(section);
  const before = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Benchmarks\n';
  fs.mkdirSync(path.dirname(doc), { recursive: true });
  fs.writeFileSync(doc, replaceSection(before, section));
  for (const s of scores) process.stdout.write(`${s.corpus} ${s.method}: ${s.regrets.map((r) => r.median.toFixed(2)).join(' / ')} (${s.seeds} seeds)\n`);
  process.stdout.write(`wrote the Multi-fidelity (NMTLC) section of ${doc}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  // Every failure here is bad input (a missing file, a malformed result or table): say which, without a stack.
  process.stderr.write(`multifidelity: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
