/**
 * Trials as Slurm batch jobs: the batch backend with Slurm's scheduler and
 * its `#SBATCH` header. The HostShell decides where sbatch runs: this
 * machine, or a login node over SSH.
 */
import type { Logger } from '../../core/ports';
import type { SlurmSpec } from '../../core/space/model';
import { BatchBackend } from '../batch/batch-backend';
import type { HostShell } from '../shell/host-shell';
import { sbatchHeader } from './sbatch-header';
import { SlurmScheduler } from './slurm-scheduler';

export interface SlurmBackendOptions {
  readonly runId: string;
  readonly runDir: string;
  /** The run folder on the cluster's shared file system; default: `runDir` (this machine is on it). */
  readonly clusterRunDir?: string;
  /** Where jobs run on the cluster; default: the workdir each launch asks for. */
  readonly workdir?: string;
  readonly shell: HostShell;
  /** close() closes the shell too. */
  readonly ownsShell?: boolean;
  readonly spec: SlurmSpec;
  readonly gpusPerTrial: number;
  readonly parallel: number;
  readonly logger: Logger;
  readonly pollIntervalMs?: number;
  readonly stopGraceMs?: number;
  readonly powerIntervalS?: number;
}

export class SlurmBackend extends BatchBackend {
  readonly slurm: SlurmScheduler;

  constructor(options: SlurmBackendOptions) {
    const scheduler = new SlurmScheduler(options.shell);
    super({
      ...options,
      scheduler,
      header: ({ jobName, files }) => sbatchHeader({ jobName, log: files.log, spec: options.spec, gpusPerTrial: options.gpusPerTrial }),
    });
    this.slurm = scheduler;
  }
}
