/** `rung plan FILE`: the rung plan of the study's scheduler. */
import * as fs from 'node:fs';
import { decodeStudyBytes } from '../core/space/parse';
import { checkStudy } from '../core/space/validate';
import { formatPlan } from '../core/schedule/plan';
import { studyEnvironment } from '../storage/study-environment';
import { parseArgs, UsageError } from './args';
import type { Io } from './io';

export const PLAN_HELP = `Usage: rung plan FILE

Prints the rung plan of the study's scheduler: for ASHA the successive-halving
table (trials and budget per rung, with budget.trials trials at the first rung),
for Hyperband every bracket, and what the plan costs against training every
trial to max.`;

export function runPlan(argv: readonly string[], io: Io): number {
  const { positional, flags } = parseArgs(argv, { '--help': 'boolean', '-h': 'boolean' });
  if (flags['--help'] || flags['-h']) { io.out(PLAN_HELP); return 0; }
  if (positional.length !== 1) throw new UsageError('rung plan needs exactly one FILE');
  const file = positional[0] as string;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    io.err(`rung plan: cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const decoded = decodeStudyBytes(bytes);
  if (!('text' in decoded)) { io.err(`rung plan: ${file}: ${decoded.problem.message}`); return 1; }
  const { study, diagnostics } = checkStudy(decoded.text, studyEnvironment(file));
  if (!study) { io.err(`rung plan: ${file} does not parse; run rung check ${file}`); return 1; }
  const bad = diagnostics.filter((d) => d.severity === 'error' && (d.code === 'asha-budget' || d.code === 'wrong-type'));
  if (bad.length > 0) { io.err(`rung plan: ${file}: ${bad[0]?.message}`); return 1; }
  const s = study.scheduler;
  io.out(`${s.type} on ${s.resource}: min ${s.min}, max ${s.max}, reduction ${s.reduction}${s.type === 'asha' ? `, ${s.mode}` : ''}`);
  io.out(formatPlan({ type: s.type, min: s.min, max: s.max, reduction: s.reduction, ...(s.brackets !== undefined ? { brackets: s.brackets } : {}), ...(study.budget.trials !== undefined ? { trials: study.budget.trials } : {}) }, s.resource));
  return 0;
}
