/**
 * Slurm as a JobScheduler, through a HostShell (this machine's sbatch, or a
 * login node's over SSH). Slurm's exit codes lie: scancel of an unknown job
 * exits 0 and squeue of a finished job prints nothing, so states are read
 * from what squeue lists and a job's absence is reported as 'unknown', never
 * taken for an ending. One squeue call covers every job of a run
 * (`--states=all` keeps finished jobs listed while the controller holds
 * them); only jobs the controller has forgotten are looked up in sacct, and
 * only where accounting exists (found out on first need).
 */
import { shellQuote } from '../../core/space/shell';
import type { JobScheduler, JobState } from '../batch/job-scheduler';
import type { ExecResult, HostShell } from '../shell/host-shell';
import { parseSacct, parseSqueue, SACCT_FORMAT, saysNoAccounting, saysNoSuchJob, SQUEUE_FORMAT } from './slurm-states';

const TIMEOUT_MS = 60_000;

export class SlurmScheduler implements JobScheduler {
  readonly name = 'slurm';
  /** Calls made to the controller (squeue, sacct), for the benchmark. */
  controllerCalls = 0;
  private accounting: boolean | undefined;

  constructor(private readonly shell: HostShell) {}

  async submit(scriptPath: string): Promise<string> {
    const r = await this.run(`sbatch --parsable ${shellQuote(scriptPath)}`);
    // --parsable prints "id" or "id;cluster".
    const id = /^(\d+)(?:;\S+)?\s*$/.exec(r.stdout.trim())?.[1];
    if (r.code !== 0 || id === undefined) throw new Error(`sbatch on ${this.shell.label} refused the job: ${oneLine(r.stderr || r.stdout) || `exit ${r.code}`}`);
    return id;
  }

  async states(jobs: readonly string[]): Promise<ReadonlyMap<string, JobState>> {
    const states = new Map<string, JobState>();
    if (jobs.length === 0) return states;
    this.controllerCalls++;
    const r = await this.run(`squeue --noheader --states=all --jobs=${jobs.map(shellQuote).join(',')} --Format=${shellQuote(SQUEUE_FORMAT)}`);
    if (r.code !== 0 && !saysNoSuchJob(r.stderr)) throw new Error(`squeue on ${this.shell.label} failed: ${oneLine(r.stderr) || `exit ${r.code}`}`);
    if (r.code === 0) for (const [id, state] of parseSqueue(r.stdout)) states.set(id, state);
    const forgotten = jobs.filter((j) => !states.has(j));
    if (forgotten.length > 0 && this.accounting !== false) {
      for (const [id, state] of await this.fromAccounting(forgotten)) states.set(id, state);
    }
    for (const j of jobs) if (!states.has(j)) states.set(j, { phase: 'unknown' });
    return states;
  }

  async terminate(job: string, how: 'term' | 'kill'): Promise<void> {
    // --full signals the batch script too, which traps TERM to record the command's status.
    const q = shellQuote(job);
    await this.run(how === 'term' ? `scancel --full --signal=TERM ${q}` : `scancel --full --signal=KILL ${q}; scancel ${q}`);
  }

  async cancel(job: string): Promise<void> {
    await this.run(`scancel ${shellQuote(job)}`);
  }

  async findByName(jobName: string): Promise<string | undefined> {
    this.controllerCalls++;
    const r = await this.run(`squeue --noheader --states=all --name=${shellQuote(jobName)} --format=%i`);
    if (r.code !== 0) throw new Error(`squeue on ${this.shell.label} failed: ${oneLine(r.stderr) || `exit ${r.code}`}`);
    return r.stdout.split('\n').map((l) => l.trim()).find((l) => l !== '');
  }

  private async fromAccounting(jobs: readonly string[]): Promise<Map<string, JobState>> {
    this.controllerCalls++;
    const r = await this.run(`sacct --noheader --parsable2 --allocations --jobs=${jobs.map(shellQuote).join(',')} --format=${SACCT_FORMAT}`);
    if (r.code !== 0 || saysNoAccounting(r.stderr)) {
      if (saysNoAccounting(r.stderr) || /not found|command not found/i.test(r.stderr)) this.accounting = false;
      return new Map();
    }
    this.accounting = true;
    return parseSacct(r.stdout);
  }

  private run(command: string): Promise<ExecResult> {
    return this.shell.exec(command, { timeoutMs: TIMEOUT_MS });
  }
}

function oneLine(text: string): string {
  return text.trim().split('\n').filter((l) => l.trim() !== '').slice(-2).join(' / ');
}
