/** `rung bench FILE --seeds N`: replays a `table:` study for several seeds and scores it like the peers. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchResult, BenchRun } from '../../bench/bench-result';
import { bestOptimum, evaluationsToBest, finalRegretWithin, formatSpread, meanCurveLength, regretAt, spread, tableBest } from '../../bench/metrics';
import type { Logger } from '../core/ports';
import type { Study } from '../core/space/model';
import type { RecordedTable } from '../core/table/table';
import { parseArgs, UsageError } from './args';
import { loadStudy } from './engine/load-study';
import { replayStudy, type ReplayLimits } from './engine/replay';
import type { Io } from './io';

export const BENCH_HELP = `Usage: rung bench FILE --seeds N [--max-evaluations B] [--max-cost C] [--json PATH]

Replays the table study FILE (one with \`table:\`) N times, with seeds 0..N-1
in place of the study's seed, on a simulated clock: nothing trains and
nothing is written to disk but PATH. Each run ends at the study's own budget,
when its space is exhausted, or when B launches have ended / C checkpoints
(evaluations, for tables without curves) have been trained.

Prints the benchmark protocol's scores: for learning-curve tables the regret
of the best completed trial at 5U, 10U and 20U (U = mean curve length); for
tables without curves the regret after 20 and 50 evaluations and the
evaluations to the table's best row. Medians [25th, 75th] over seeds.

  --json PATH   write every run's evaluations (row, resource, cumulative cost,
                complete, values) for bench/multifidelity.ts instead`;

const FLAGS = { '--seeds': 'number', '--max-evaluations': 'number', '--max-cost': 'number', '--json': 'string', '--help': 'boolean', '-h': 'boolean' } as const;

export async function runBench(argv: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(argv, FLAGS);
  if (flags['--help'] || flags['-h']) { io.out(BENCH_HELP); return 0; }
  if (positional.length !== 1) throw new UsageError('rung bench needs exactly one study FILE');
  const seeds = flags['--seeds'];
  if (seeds === undefined) throw new UsageError('rung bench needs --seeds N (runs with seeds 0..N-1)');
  if (!Number.isInteger(seeds) || (seeds as number) < 1) throw new UsageError(`--seeds takes a whole number >= 1, not ${seeds}`);
  const limits: ReplayLimits = {
    ...(flags['--max-evaluations'] !== undefined ? { maxEvaluations: positive(flags['--max-evaluations'] as number, '--max-evaluations', true) } : {}),
    ...(flags['--max-cost'] !== undefined ? { maxCost: positive(flags['--max-cost'] as number, '--max-cost', false) } : {}),
  };
  const file = positional[0] as string;
  const { study } = loadStudy(path.resolve(file));
  if (!study.table) throw new UsageError(`${file} has no \`table:\`; rung bench replays recorded tables only (start other studies with rung run)`);

  const logger: Logger = { info: () => undefined, warn: (m) => io.err(`warning: ${m}`), error: (m) => io.err(`error: ${m}`) };
  const runs: BenchRun[] = [];
  let table: RecordedTable | undefined;
  const started = performance.now();
  for (let seed = 0; seed < (seeds as number); seed++) {
    const replay = await replayStudy({ ...study, seed }, path.resolve(file), seed, limits, logger);
    table = replay.table;
    runs.push({ seed, evaluations: replay.evaluations });
  }
  const seconds = (performance.now() - started) / 1000;
  const result: BenchResult = { study: file, table: study.table.path, seeds: seeds as number, runs };
  const timing = `${runs.length} run(s) in ${seconds.toFixed(2)} s (${((seconds * 1000) / runs.length).toFixed(0)} ms per run)`;
  const json = flags['--json'] as string | undefined;
  if (json !== undefined) {
    fs.mkdirSync(path.dirname(path.resolve(json)), { recursive: true });
    fs.writeFileSync(json, JSON.stringify(result) + '\n');
    io.out(`${file}: ${timing}; wrote ${json}`);
    return 0;
  }
  for (const line of summary(study, table as RecordedTable, result)) io.out(line);
  io.out(timing);
  return 0;
}

function positive(n: number, flag: string, whole: boolean): number {
  if (n <= 0 || (whole && !Number.isInteger(n))) throw new UsageError(`${flag} takes a ${whole ? 'whole number' : 'number'} > 0, not ${n}`);
  return n;
}

/** The protocol's scores for the study's first objective, median [25th, 75th] over seeds. */
function summary(study: Study, table: RecordedTable, result: BenchResult): string[] {
  const objective = study.objectives.find((o) => !o.builtin);
  if (!objective) return ['the study has no objective the table reports; nothing to score'];
  const { name, mode } = objective;
  const lines = [`${result.study}: ${objective.name} (${mode}), ${result.runs.length} seed(s), ${result.runs.map((r) => r.evaluations.length).join('/')} evaluations`];
  if (table.kind === 'curve') {
    const u = meanCurveLength(table);
    const best = bestOptimum(table, name, mode);
    lines.push(`U = ${u.toFixed(1)} checkpoints; corpus best ${best}`);
    for (const k of [5, 10, 20]) {
      lines.push(`regret of best final at ${k}U: ${formatSpread(spread(result.runs.map((r) => finalRegretWithin(r.evaluations, name, mode, best, k * u))))}`);
    }
    return lines;
  }
  const best = tableBest(table, name, mode);
  lines.push(`table best ${best}`);
  for (const b of [20, 50]) lines.push(`regret@${b}: ${formatSpread(spread(result.runs.map((r) => regretAt(r.evaluations, name, mode, best, b))))}`);
  const ftb = result.runs.map((r) => evaluationsToBest(r.evaluations, name, mode, best) ?? Number.POSITIVE_INFINITY);
  const most = Math.max(...result.runs.map((r) => r.evaluations.length));
  lines.push(`evaluations to the best row (ftb): ${formatSpread(spread(ftb), 0, `>${most}`)}`);
  return lines;
}
