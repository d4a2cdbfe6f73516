/**
 * Chooses where a study's trials run from what the study says: its `hosts:`
 * (SSH), `slurm:` or `cluster:` section, or else this machine. A study that
 * names a place this version cannot drive is refused before anything is
 * created: never a silent fallback to this machine.
 */
import type { Backend, Logger } from '../../core/ports';
import type { Study } from '../../core/space/model';
import { DEFAULT_POWER_INTERVAL_MS, LocalBackend } from '../../backends/local/local-backend';
import { StudyError } from './load-study';

export interface BackendContext {
  readonly runDir: string;
  readonly runId: string;
  /** The study file's folder: relative paths in the study resolve from it. */
  readonly studyDir: string;
  readonly logger: Logger;
  /** --accept-new-host-key: an SSH host never seen before is trusted and added to known_hosts. */
  readonly acceptNewHostKey?: boolean;
}

export function backendFor(study: Study, context: BackendContext): Backend {
  assertRunnableHere(study);
  return new LocalBackend({
    runDir: context.runDir, logger: context.logger, gpusPerTrial: study.gpusPerTrial, powerIntervalMs: DEFAULT_POWER_INTERVAL_MS,
    ...(study.parallel !== undefined ? { parallel: study.parallel } : {}),
    ...(study.gpus !== undefined ? { gpus: study.gpus } : {}),
  });
}

/** Refuses, before a run folder exists, a study whose trials this version cannot run. */
export function assertRunnableHere(study: Study): void {
  if (study.hosts.length > 0) throw new StudyError('this study runs on SSH hosts (`hosts:`), which this version of Rung cannot drive yet; remove `hosts:` to run on this machine');
  if (study.slurm || study.cluster) throw new StudyError('this study runs on a cluster (`slurm:`/`cluster:`), which this version of Rung cannot drive yet; remove it to run on this machine');
  if (study.table) throw new StudyError('table studies replay a recorded table; run them with `rung bench`');
}
