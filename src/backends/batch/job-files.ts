/**
 * The files of one batch launch in its trial folder on the cluster's shared
 * file system. The same conventions as the local backend's (the log is
 * shared by all launches of a trial, the exit file holds the command's
 * status and is renamed into place whole), so metric parsing and failure
 * rules work the same; a batch launch adds its script, the job id and the
 * power samples its sidecar writes:
 *
 *   trials/<trial>/log              stdout+stderr of every launch, appended
 *   trials/<trial>/<launch>.launch  marker (JSON): written before submitting, then again with the job id
 *   trials/<trial>/<launch>.job.sh  the batch script
 *   trials/<trial>/<launch>.pid     the batch script's pid on its node
 *   trials/<trial>/<launch>.exit    the command's exit status
 *   trials/<trial>/<launch>.power   "epoch seconds, uuid, watts, util, MiB" lines, when the node has nvidia-smi
 */
import * as path from 'node:path';
import { assertSafeName } from '../../storage/run-folder';

export interface JobFiles {
  readonly dir: string;
  readonly log: string;
  readonly marker: string;
  readonly script: string;
  readonly pid: string;
  readonly exit: string;
  readonly power: string;
}

export interface JobMarker {
  readonly trial: string;
  readonly launch: string;
  readonly slot: string;
  readonly jobName: string;
  /** Size of the log when the job was submitted: this launch's output starts there. */
  readonly logStart: number;
  readonly submittedAt: number;
  /** Absent while the submission is under way (or when the engine died during it). */
  readonly job?: string;
}

/** `runDir` is the run folder as the cluster sees it. */
export function jobFiles(runDir: string, trial: string, launch: string): JobFiles {
  assertSafeName('trial id', trial);
  assertSafeName('launch id', launch);
  const dir = path.posix.join(runDir, 'trials', trial);
  const at = (suffix: string) => path.posix.join(dir, `${launch}.${suffix}`);
  return { dir, log: path.posix.join(dir, 'log'), marker: at('launch'), script: at('job.sh'), pid: at('pid'), exit: at('exit'), power: at('power') };
}

export function parseMarker(text: string | undefined): JobMarker | undefined {
  if (text === undefined) return undefined;
  try {
    const m = JSON.parse(text) as JobMarker;
    return typeof m.logStart === 'number' && typeof m.jobName === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** A handle names the job and its trial folder, so a restarted engine can find both. */
export function encodeHandle(scheduler: string, job: string, dir: string): string {
  return `${scheduler}:${job}@${dir}`;
}

export function jobOfHandle(handle: string | undefined): string | undefined {
  return handle === undefined ? undefined : /^[a-z]+:([^@]+)@/.exec(handle)?.[1];
}
