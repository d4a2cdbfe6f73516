/**
 * Trials as jobs of another batch scheduler (SGE, PBS, LSF), driven by the
 * study's `cluster:` command templates. The job script carries no scheduler
 * directives: options belong in the `submit` template (`qsub -l gpu=1 {script}`).
 */
import type { Logger } from '../../core/ports';
import type { ClusterSpec } from '../../core/space/model';
import { BatchBackend } from '../batch/batch-backend';
import type { HostShell } from '../shell/host-shell';
import { TemplateScheduler } from './template-scheduler';

export interface ClusterBackendOptions {
  readonly runId: string;
  readonly runDir: string;
  /** The run folder on the cluster's shared file system; default: `runDir`. */
  readonly clusterRunDir?: string;
  /** Where jobs run on the cluster; default: the workdir each launch asks for. */
  readonly workdir?: string;
  readonly shell: HostShell;
  /** close() closes the shell too. */
  readonly ownsShell?: boolean;
  readonly spec: ClusterSpec;
  readonly parallel: number;
  readonly logger: Logger;
  readonly pollIntervalMs?: number;
  readonly stopGraceMs?: number;
}

export class ClusterBackend extends BatchBackend {
  constructor(options: ClusterBackendOptions) {
    super({ ...options, scheduler: new TemplateScheduler(options.shell, options.spec), header: () => [], scriptWritesLog: true });
  }
}
