/**
 * The body of a batch job's script, shared by every scheduler: the script is
 * the trial's wrapper. It clears a previous run's exit status (a requeued job
 * runs its script again), records its pid, enters the workdir, exports the
 * study's environment, samples GPU power beside the log when the node has
 * nvidia-smi, runs the command in a shell of its own, and records the
 * command's status last by renaming it into place: the same conventions as
 * the local wrapper (detached.ts), so a status file means the same everywhere.
 *
 * TERM is trapped so that a stop or a time limit reaches the command while
 * the script survives long enough to record how it ended. Every value is
 * quoted; nothing of the study is spliced into the script unquoted.
 */
import { shellQuote } from '../../core/space/shell';
import type { JobFiles } from './job-files';

export interface JobScriptRequest {
  /** The scheduler's directive lines (`#SBATCH ...`), already rendered. */
  readonly header: readonly string[];
  readonly files: JobFiles;
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
  /** Where the command runs on the node; `~` is the user's home there. */
  readonly workdir?: string;
  /** Seconds between power samples; no sidecar when absent. */
  readonly powerIntervalS?: number;
  /** Said in the script's opening comment, for people reading it. */
  readonly about: string;
  /** The script appends its own output to the log (schedulers without an output directive). */
  readonly redirectOutput?: boolean;
}

const POWER_QUERY = '--query-gpu=uuid,power.draw,utilization.gpu,memory.used --format=csv,noheader,nounits';

export function jobScript(r: JobScriptRequest): string {
  const q = shellQuote;
  const { files } = r;
  const recordExit = (status: string) => `echo ${status} > ${q(files.exit + '.tmp')} && mv -f ${q(files.exit + '.tmp')} ${q(files.exit)}`;
  const lines = ['#!/bin/sh', ...r.header, `# ${r.about.replace(/\n/g, ' ')}`, ...(r.redirectOutput ? [`exec >> ${q(files.log)} 2>&1`] : []), `rm -f ${q(files.exit)}`, `echo $$ > ${q(files.pid + '.tmp')} && mv -f ${q(files.pid + '.tmp')} ${q(files.pid)}`];
  if (r.workdir !== undefined) {
    const dir = workdirWord(r.workdir);
    lines.push(`cd ${dir} || { echo "rung: the workdir "${dir}" does not exist on $(hostname)"; ${recordExit('1')}; exit 1; }`);
  }
  for (const [key, value] of Object.entries(r.env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`The environment variable name ${JSON.stringify(key)} is not valid in a shell; rename it in \`env:\`.`);
    lines.push(`export ${key}=${q(value)}`);
  }
  lines.push('sampler=');
  if (r.powerIntervalS !== undefined) {
    // One line per GPU and sample, stamped with the epoch second it was taken; only the job's GPUs when the scheduler says which.
    lines.push(
      'if command -v nvidia-smi >/dev/null 2>&1; then',
      `  ( while :; do t=$(date +%s); nvidia-smi ${POWER_QUERY} \${CUDA_VISIBLE_DEVICES:+-i "$CUDA_VISIBLE_DEVICES"} 2>/dev/null | sed "s/^/$t, /"; sleep ${Math.max(1, Math.round(r.powerIntervalS))}; done ) >> ${q(files.power)} 2>/dev/null &`,
      '  sampler=$!',
      'fi',
    );
  }
  lines.push(
    'trap : TERM INT HUP',
    `/bin/sh -c ${q(r.command)}`,
    'status=$?',
    '[ -n "$sampler" ] && kill "$sampler" 2>/dev/null',
    recordExit('$status'),
    'exit $status',
    '',
  );
  return lines.join('\n');
}

/** `~/x` must stay outside the quotes for the shell to expand it. */
function workdirWord(workdir: string): string {
  if (workdir === '~') return '"$HOME"';
  if (workdir.startsWith('~/')) return `"$HOME"/${shellQuote(workdir.slice(2))}`;
  return shellQuote(workdir);
}
