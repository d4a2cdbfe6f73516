/**
 * What a batch backend needs from a cluster's scheduler: submit a script,
 * say where jobs stand, and end them. Slurm implements it with sbatch,
 * squeue/sacct and scancel; the generic templates with the user's own
 * commands (qsub, qstat, qdel...). Everything runs through a HostShell, so a
 * scheduler reached over SSH is driven exactly like the local one.
 */

/** Where a job stands according to the scheduler. */
export type JobState =
  /** Waiting in the queue; `reason` is the scheduler's (Resources, Priority...). */
  | { readonly phase: 'pending'; readonly reason?: string }
  /** Running, or finishing (its processes are being cleaned up). */
  | { readonly phase: 'running' }
  /** Sent back to the queue (preempted or requeued): it will run again from its script. */
  | { readonly phase: 'requeued'; readonly reason: string }
  /**
   * Over. `state` is the scheduler's word for how (COMPLETED, TIMEOUT...);
   * `failure` says why a job that did not complete ended, for failure rules;
   * `signal` is the signal that ended the batch script, when the scheduler knows it.
   */
  | { readonly phase: 'ended'; readonly state: string; readonly failure?: string; readonly signal?: number }
  /** Not listed while it is asked about by id: the scheduler forgot it (or never had it). */
  | { readonly phase: 'unknown' };

export interface JobScheduler {
  /** Names the scheduler in messages and handles: 'slurm', 'cluster'. */
  readonly name: string;
  /** Submits the script at `scriptPath` (on the cluster) and returns the job id. */
  submit(scriptPath: string): Promise<string>;
  /**
   * The states of all these jobs in as few scheduler calls as the scheduler
   * allows (Slurm: one). Rejects when the scheduler cannot be asked (controller
   * down): silence is never taken for an answer.
   */
  states(jobs: readonly string[]): Promise<ReadonlyMap<string, JobState>>;
  /** Asks a running job to end (SIGTERM where the scheduler can signal); `kill` ends it at once. */
  terminate(job: string, how: 'term' | 'kill'): Promise<void>;
  /** Removes a job from the queue whatever its state. */
  cancel(job: string): Promise<void>;
  /** The job submitted under this name, if the scheduler can look jobs up by name; for a submission whose id was never recorded. */
  findByName?(jobName: string): Promise<string | undefined>;
}
