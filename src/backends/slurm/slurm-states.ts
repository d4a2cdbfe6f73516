/**
 * Slurm's job states as the batch backend understands them, parsed from the
 * text its tools print (pure functions, tested on the real tools' output):
 *
 * - `squeue -h -t all -j 1,2,3 -O JobID:|,State:|,Reason:|,exit_code:|`:
 *   one `id|STATE|Reason|status|` line per job the controller still holds
 *   (finished jobs stay for MinJobAge); a job it no longer holds is simply
 *   not printed, and when it holds none of them squeue fails with "Invalid
 *   job id specified". `exit_code` is the batch script's raw wait status
 *   (768 = exit 3, 9 = killed by SIGKILL). Columns are padded to their width.
 * - `sacct -n -P -X -j 1,2 -o JobID,State,ExitCode`: `id|STATE[ by uid]|code:signal`,
 *   from the accounting database, for jobs the controller has forgotten.
 */
import type { JobState } from '../batch/job-scheduler';

export const SQUEUE_FORMAT = 'JobID:30|,State:30|,Reason:200|,exit_code:12|';
export const SACCT_FORMAT = 'JobID,State,ExitCode';

/** What an ended state means for a trial, in words failure rules can match. */
const ENDED: Readonly<Record<string, string | undefined>> = {
  COMPLETED: undefined,
  FAILED: undefined,
  CANCELLED: 'cancelled from outside Rung (scancel)',
  TIMEOUT: 'it hit its time limit (slurm.time)',
  OUT_OF_MEMORY: 'it ran out of memory (slurm.mem)',
  NODE_FAIL: 'its node failed',
  BOOT_FAIL: 'its node failed to boot',
  PREEMPTED: 'it was preempted and not requeued',
  DEADLINE: 'it missed its deadline',
  SPECIAL_EXIT: 'it ended in Slurm\'s special-exit state',
  REVOKED: 'it was revoked (federation)',
};

const RUNNING = new Set(['RUNNING', 'CONFIGURING', 'COMPLETING', 'STAGE_OUT', 'SIGNALING', 'RESIZING', 'SUSPENDED', 'STOPPED']);
const REQUEUED = new Set(['REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED']);

/** Maps one Slurm state (as squeue or sacct words it) to where the job stands. */
export function mapSlurmState(rawState: string, reason?: string, signal?: number): JobState {
  // sacct says "CANCELLED by 1000"; squeue can say "CANCELLED+".
  const state = rawState.trim().split(/[\s+]/)[0]?.toUpperCase() ?? '';
  const why = reason !== undefined && reason !== '' && reason !== 'None' ? reason : undefined;
  if (state === 'PENDING') return { phase: 'pending', ...(why ? { reason: why } : {}) };
  if (RUNNING.has(state)) return { phase: 'running' };
  if (REQUEUED.has(state)) return { phase: 'requeued', reason: why ?? state.toLowerCase() };
  if (state in ENDED) {
    const failure = state === 'FAILED' && why !== undefined && why !== 'NonZeroExitCode' ? `it failed (${why})` : ENDED[state];
    return { phase: 'ended', state, ...(failure ? { failure } : {}), ...(signal ? { signal } : {}) };
  }
  // A state this version does not know: keep the job followed rather than guess it ended.
  return { phase: 'running' };
}

function cells(line: string): string[] {
  return line.split('|').map((c) => c.trim());
}

/** Parses squeue's output (SQUEUE_FORMAT). */
export function parseSqueue(text: string): Map<string, JobState> {
  const states = new Map<string, JobState>();
  for (const line of text.split('\n')) {
    const [id, state, reason, status] = cells(line);
    if (!id || !state) continue;
    const raw = Number(status);
    // A wait status: the low 7 bits are the signal that ended the script, if any.
    const signal = Number.isInteger(raw) ? raw & 0x7f : 0;
    states.set(id, mapSlurmState(state, reason, signal));
  }
  return states;
}

/** Parses `sacct -n -P -X -o JobID,State,ExitCode`. */
export function parseSacct(text: string): Map<string, JobState> {
  const states = new Map<string, JobState>();
  for (const line of text.split('\n')) {
    const [id, state, exit] = cells(line);
    if (!id || !state) continue;
    const signal = Number(exit?.split(':')[1] ?? 0);
    states.set(id, mapSlurmState(state, undefined, Number.isInteger(signal) ? signal : 0));
  }
  return states;
}

/** squeue's way of saying that none of the ids asked for exists (any more). */
export function saysNoSuchJob(stderr: string): boolean {
  return /Invalid job id specified/i.test(stderr);
}

/** sacct's way of saying the cluster keeps no accounting. */
export function saysNoAccounting(stderr: string): boolean {
  return /accounting storage is disabled|slurmdbd|Problem talking to the database/i.test(stderr);
}
