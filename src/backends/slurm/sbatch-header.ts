/**
 * The `#SBATCH` lines of a trial's batch job, from the study's `slurm:`
 * section. sbatch reads these lines with shell-like quoting, so every value
 * is quoted the way a shell would read it; a value that would break out of
 * its line (a newline) is refused rather than written.
 */
import type { SlurmSpec } from '../../core/space/model';
import { shellQuote } from '../../core/space/shell';

export interface SbatchJob {
  readonly jobName: string;
  /** The trial log: the job's stdout and stderr are appended to it. */
  readonly log: string;
  readonly spec: SlurmSpec;
  /** The study's gpus_per_trial, asked for as GPUs when `slurm:` names neither gres nor gpus. */
  readonly gpusPerTrial: number;
}

export function sbatchHeader(job: SbatchJob): string[] {
  const { spec } = job;
  const options: [string, string | number | undefined][] = [
    ['job-name', job.jobName],
    ['output', job.log],
    ['open-mode', 'append'],
    ['partition', spec.partition],
    ['gres', spec.gres ?? (spec.gpus === undefined && job.gpusPerTrial > 0 ? `gpu:${job.gpusPerTrial}` : undefined)],
    ['gpus', spec.gpus],
    ['cpus-per-task', spec.cpus],
    ['mem', spec.mem],
    ['time', spec.time],
    ['account', spec.account],
    ['qos', spec.qos],
    ['constraint', spec.constraint],
  ];
  const lines: string[] = [];
  for (const [name, value] of options) {
    if (value === undefined) continue;
    const text = String(value);
    assertOneLine(`slurm.${name === 'cpus-per-task' ? 'cpus' : name}`, text);
    lines.push(`#SBATCH --${name}=${shellQuote(text)}`);
  }
  for (const extra of spec.extra) {
    assertOneLine('an item of slurm.extra', extra);
    const option = extra.trim().replace(/^#SBATCH\s+/, '');
    if (!option.startsWith('-')) throw new Error(`slurm.extra holds "${extra}", which is not an sbatch option; write options such as \`--exclusive\` or \`--nodelist=node01\`.`);
    lines.push(`#SBATCH ${option}`);
  }
  return lines;
}

function assertOneLine(what: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new Error(`${what} holds a line break, which would end its #SBATCH line; write it on one line.`);
}
