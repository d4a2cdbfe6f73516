/** `rung stop RUN [--trial ID]` and `rung runs`. */
import * as path from 'node:path';
import { requestControl } from '../storage/control';
import { isEngineAlive } from '../storage/engine-lock';
import { listRuns } from '../storage/run-folder';
import { parseArgs, UsageError } from './args';
import type { Io } from './io';
import { resolveRun } from './runs';
import { runSummary } from './status';

export const STOP_HELP = `Usage: rung stop RUN [--trial ID] [--workspace DIR]

Asks the run's engine to stop the run (every running trial is stopped and the
run ends) or, with --trial, one trial. The engine does it and journals it.`;

export function runStop(argv: readonly string[], io: Io): number {
  const { positional, flags } = parseArgs(argv, { '--trial': 'string', '--workspace': 'string', '--help': 'boolean', '-h': 'boolean' });
  if (flags['--help'] || flags['-h']) { io.out(STOP_HELP); return 0; }
  if (positional.length !== 1) throw new UsageError('rung stop needs exactly one RUN');
  const run = resolveRun(positional[0] as string, (flags['--workspace'] as string | undefined) ?? process.cwd());
  if (!isEngineAlive(run.dir)) {
    io.err(`rung stop: no engine is running ${run.id}, so nothing would act on the request. Resume it (rung resume ${run.id}) and stop it then.`);
    return 1;
  }
  const trial = flags['--trial'] as string | undefined;
  if (trial !== undefined && !runSummary(run).state.trials.has(trial)) throw new UsageError(`run ${run.id} has no trial '${trial}'`);
  requestControl(run.dir, trial !== undefined ? { request: 'stop-trial', trial } : { request: 'stop-run' });
  io.out(trial !== undefined ? `asked the engine to stop ${trial}` : `asked the engine to stop run ${run.id}`);
  return 0;
}

export const RUNS_HELP = `Usage: rung runs [--workspace DIR]

Lists the runs of the workspace, oldest first.`;

export function runRuns(argv: readonly string[], io: Io): number {
  const { flags } = parseArgs(argv, { '--workspace': 'string', '--help': 'boolean', '-h': 'boolean' });
  if (flags['--help'] || flags['-h']) { io.out(RUNS_HELP); return 0; }
  const workspace = (flags['--workspace'] as string | undefined) ?? process.cwd();
  const runs = listRuns(workspace);
  if (runs.length === 0) { io.out(`no runs in ${path.join(workspace, '.rung', 'runs')}`); return 0; }
  for (const run of runs) {
    try {
      const { json } = runSummary(run);
      io.out(`${run.id}  ${String(json.trials).padStart(4)} trials  ${json.engine}`);
    } catch (e) {
      io.out(`${run.id}  unreadable: ${(e as Error).message}`);
    }
  }
  return 0;
}
