/** `rung plan FILE`: the rung plan of the study's scheduler. */
import * as fs from 'node:fs';
import { decodeStudyBytes } from '../core/space/parse';
import { checkStudy } from '../core/space/validate';
import { studyPlan } from '../core/schedule/study-plan';
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
  const plan = studyPlan(checkStudy(decoded.text, studyEnvironment(file)));
  if (plan.kind === 'unparsed') { io.err(`rung plan: ${file} does not parse; run rung check ${file}`); return 1; }
  if (plan.kind === 'blocked') { io.err(`rung plan: ${file}: ${plan.message}`); return 1; }
  io.out(plan.text);
  return 0;
}
