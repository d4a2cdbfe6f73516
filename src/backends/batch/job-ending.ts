/**
 * How a batch job ended, from what its script recorded and what the
 * scheduler says. The exit file is the truth about the command; the
 * scheduler's word adds why a job was ended (time limit, cancelled, node
 * failure), written as a line failure rules can match:
 * `[rung] job 812 ended TIMEOUT: it hit its time limit (slurm.time)`.
 */
import * as os from 'node:os';
import type { JobState } from './job-scheduler';

export interface Ending {
  readonly exitCode: number | null;
  readonly signal?: string;
  readonly reason?: string;
  /** A line added to the tail so failure rules can act on how the scheduler ended the job. */
  readonly note?: string;
}

/**
 * `exitText` is the exit file's content (undefined: no file). Undefined when
 * nothing says the job ended: the scheduler does not know it and it left no status.
 */
export function jobEnding(job: string, exitText: string | undefined, state: JobState, killed: boolean, graceMs: number): Ending | undefined {
  const text = exitText?.trim();
  const status = text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
  const ended = state.phase === 'ended' ? state : undefined;
  if (status === undefined && !ended) return undefined;
  const note = ended?.failure ? `[rung] job ${job} ended ${ended.state}: ${ended.failure}` : undefined;
  if (status !== undefined) {
    // A status above 128 is how a shell reports a command killed by a signal (status - 128).
    const signal = status > 128 ? signalName(status - 128) : undefined;
    return { exitCode: status, ...(signal ? { signal } : {}), ...(ended?.failure ? { reason: ended.failure } : {}), ...(note ? { note } : {}) };
  }
  const signal = killed ? 'SIGKILL' : ended?.signal ? signalName(ended.signal) : undefined;
  const reason = killed
    ? `stopped: still running ${Math.round(graceMs / 1000)} s after SIGTERM, so it was killed`
    : ended?.failure ?? `job ${job} ended ${ended?.state ?? ''} without an exit status`;
  return { exitCode: null, ...(signal ? { signal } : {}), reason, ...(note ? { note } : {}) };
}

function signalName(n: number): string | undefined {
  return Object.entries(os.constants.signals).find(([, v]) => v === n)?.[0];
}
