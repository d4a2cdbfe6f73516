/**
 * Any batch scheduler (SGE, PBS, LSF...) as a JobScheduler, from the study's
 * `cluster:` command templates: `{script}` in `submit` and `{job}` in
 * `status` and `cancel` are replaced by quoted values. The job id is the
 * first group of `job_id` in submit's output; a job whose status output
 * matches `running` is queued or running, and any other answer means it
 * ended, the exit file its script wrote saying how. These schedulers differ
 * too much in how they list many jobs, so status is asked per job.
 */
import type { ClusterSpec } from '../../core/space/model';
import { shellQuote } from '../../core/space/shell';
import type { JobScheduler, JobState } from '../batch/job-scheduler';
import type { HostShell } from '../shell/host-shell';

const TIMEOUT_MS = 60_000;

export class TemplateScheduler implements JobScheduler {
  readonly name = 'cluster';
  private readonly jobId: RegExp;
  private readonly running: RegExp;

  constructor(private readonly shell: HostShell, private readonly spec: ClusterSpec) {
    this.jobId = regex('cluster.job_id', spec.jobId);
    this.running = regex('cluster.running', spec.running);
    for (const [key, template, placeholder] of [['submit', spec.submit, '{script}'], ['status', spec.status, '{job}'], ['cancel', spec.cancel, '{job}']] as const) {
      if (!template.includes(placeholder)) throw new Error(`cluster.${key} must contain ${placeholder}, e.g. ${key === 'submit' ? '`qsub {script}`' : key === 'status' ? '`qstat -j {job}`' : '`qdel {job}`'}.`);
    }
  }

  async submit(scriptPath: string): Promise<string> {
    const command = fill(this.spec.submit, '{script}', scriptPath);
    const r = await this.shell.exec(command, { timeoutMs: TIMEOUT_MS });
    const said = `${r.stdout}\n${r.stderr}`;
    const id = this.jobId.exec(said)?.[1];
    if (r.code !== 0 || id === undefined) {
      throw new Error(`\`${command}\` on ${this.shell.label} ${r.code !== 0 ? `failed (exit ${r.code})` : `printed no job id matching cluster.job_id /${this.spec.jobId}/`}: ${said.trim().slice(-300)}`);
    }
    return id;
  }

  async states(jobs: readonly string[]): Promise<ReadonlyMap<string, JobState>> {
    const states = new Map<string, JobState>();
    for (const job of jobs) {
      const r = await this.shell.exec(fill(this.spec.status, '{job}', job), { timeoutMs: TIMEOUT_MS });
      const said = `${r.stdout}\n${r.stderr}`;
      // The status command's exit code is not trusted either way: qstat of a finished job fails, squeue's succeeds.
      states.set(job, this.running.test(said) ? { phase: 'running' } : { phase: 'ended', state: 'ENDED' });
    }
    return states;
  }

  async terminate(job: string): Promise<void> {
    await this.cancel(job);
  }

  async cancel(job: string): Promise<void> {
    await this.shell.exec(fill(this.spec.cancel, '{job}', job), { timeoutMs: TIMEOUT_MS });
  }
}

function fill(template: string, placeholder: string, value: string): string {
  return template.split(placeholder).join(shellQuote(value));
}

function regex(key: string, source: string): RegExp {
  try {
    return new RegExp(source, 'm');
  } catch (e) {
    throw new Error(`${key} is not a valid regular expression (${(e as Error).message}); fix it in the study.`);
  }
}
