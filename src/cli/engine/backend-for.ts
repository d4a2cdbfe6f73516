/**
 * Chooses where a study's trials run from what the study says: its `hosts:`
 * (SSH), `slurm:` or `cluster:` section, or else this machine. A study that
 * names a place this version cannot drive is refused before anything is
 * created: never a silent fallback to this machine.
 */
import * as path from 'node:path';
import type { Backend, Logger } from '../../core/ports';
import type { Study } from '../../core/space/model';
import { ClusterBackend } from '../../backends/cluster/cluster-backend';
import { DEFAULT_POWER_INTERVAL_MS, LocalBackend } from '../../backends/local/local-backend';
import { SlurmBackend } from '../../backends/slurm/slurm-backend';
import { clusterSide, type LoginNode } from './cluster-shell';
import { RemoteBackend } from '../../backends/remote/remote-backend';
import type { SshHosts } from '../../backends/ssh/ssh-hosts';
import { StudyError } from './load-study';
import { hostEntry, sshHostsFor } from './ssh-hosts-for';

export interface BackendContext {
  readonly runDir: string;
  readonly runId: string;
  /** The study file's folder: relative paths in the study resolve from it. */
  readonly studyDir: string;
  readonly logger: Logger;
  /** --accept-new-host-key: an SSH host never seen before is trusted and added to known_hosts. */
  readonly acceptNewHostKey?: boolean;
  /** The study's cluster login node, connected before the engine started (connectLoginNode). */
  readonly loginNode?: LoginNode;
  /** The SSH connections a first look at the hosts opened, so no one is asked for a passphrase twice. */
  readonly sshHosts?: SshHosts;
}

/** Jobs a cluster run keeps queued or running when the study does not say (`parallel:`). */
const CLUSTER_PARALLEL = 4;

export function backendFor(study: Study, context: BackendContext): Backend {
  assertRunnableHere(study);
  const common = { runId: context.runId, runDir: context.runDir, logger: context.logger, parallel: study.parallel ?? CLUSTER_PARALLEL };
  if (study.slurm) {
    return new SlurmBackend({ ...common, ...clusterSide(study, context.runId, context.loginNode), ownsShell: true, spec: study.slurm, gpusPerTrial: study.gpusPerTrial });
  }
  if (study.cluster) return new ClusterBackend({ ...common, ...clusterSide(study, context.runId, context.loginNode), ownsShell: true, spec: study.cluster });
  if (study.hosts.length > 0) return remoteBackendFor(study, context);
  return new LocalBackend({
    runDir: context.runDir, logger: context.logger, gpusPerTrial: study.gpusPerTrial, powerIntervalMs: DEFAULT_POWER_INTERVAL_MS,
    ...(study.parallel !== undefined ? { parallel: study.parallel } : {}),
    ...(study.gpus !== undefined ? { gpus: study.gpus } : {}),
  });
}

/** Refuses, before a run folder exists, a study whose trials this version cannot run. */
export function assertRunnableHere(study: Study): void {
  if (study.table) throw new StudyError('table studies replay a recorded table; run them with `rung bench`');
}

/**
 * Trials on the study's SSH hosts. A workdir (the study's, or a host's own)
 * is a path on the host, `~` there meaning the login's home; the study's
 * `gpus:` applies to every host that does not list its own.
 */
function remoteBackendFor(study: Study, context: BackendContext): Backend {
  const pool = context.sshHosts ?? sshHostsFor(context.acceptNewHostKey === true);
  return new RemoteBackend({
    runDir: context.runDir, runId: context.runId, logger: context.logger,
    hosts: study.hosts.map((h) => {
      const gpus = h.gpus ?? study.gpus;
      return { shell: pool.shell(hostEntry(h)), name: h.alias, ...(gpus !== undefined ? { gpus } : {}), ...(h.workdir !== undefined ? { workdir: h.workdir } : {}) };
    }),
    workdir: study.workdir ?? '~',
    gpusPerTrial: study.gpusPerTrial,
    powerIntervalMs: DEFAULT_POWER_INTERVAL_MS,
    ...(study.parallel !== undefined ? { parallel: study.parallel } : {}),
    ...(study.sync ? { sync: { spec: study.sync, from: path.resolve(context.studyDir, study.sync.from) } } : {}),
  });
}
