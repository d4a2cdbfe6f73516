/** The `rung` command: the CLI's composition root over the same core as the editor. */
import { UsageError } from './args';
import { BENCH_HELP, runBench } from './bench';
import { CHECK_HELP, runCheck } from './check';
import { consoleIo, type Io } from './io';
import { PLAN_HELP, runPlan } from './plan';
import { ENGINE_HELP, RESUME_HELP, RUN_HELP, runEngine, runResume, runRun } from './run';
import { STATUS_HELP, runStatus } from './status';
import { RUNS_HELP, STOP_HELP, runRuns, runStop } from './stop';

const COMMANDS: Record<string, { run: (argv: readonly string[], io: Io) => number | Promise<number>; summary: string; help: string }> = {
  check: { run: runCheck, summary: 'check study files and print diagnostics', help: CHECK_HELP },
  plan: { run: runPlan, summary: 'print the rung plan of a study\'s scheduler', help: PLAN_HELP },
  run: { run: runRun, summary: 'start a tuning run of a study', help: RUN_HELP },
  resume: { run: runResume, summary: 'continue a run whose engine stopped', help: RESUME_HELP },
  status: { run: runStatus, summary: 'leaderboard, rungs and trials of a run', help: STATUS_HELP },
  stop: { run: runStop, summary: 'stop a run or one of its trials', help: STOP_HELP },
  runs: { run: runRuns, summary: 'list the runs of this workspace', help: RUNS_HELP },
  bench: { run: runBench, summary: 'replay a table study over seeds and score it', help: BENCH_HELP },
};

/** Commands other programs start; not listed in the help. */
const HIDDEN: Record<string, { run: (argv: readonly string[], io: Io) => number | Promise<number>; help: string }> = {
  engine: { run: runEngine, help: ENGINE_HELP },
};

export const MAIN_HELP = `Usage: rung COMMAND [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`).join('\n')}

Run 'rung COMMAND --help' for a command's options.`;

export async function main(argv: readonly string[], io: Io = consoleIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name] ?? HIDDEN[name];
  if (!command) {
    io.err(`rung: unknown command '${name}'\n\n${MAIN_HELP}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`rung ${name}: ${e.message}\n\n${command.help}`);
      return 2;
    }
    io.err(`rung ${name}: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`rung: ${(e as Error).stack ?? e}\n`); process.exitCode = 1; });
}
