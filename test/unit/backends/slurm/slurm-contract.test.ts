import { after, before } from 'node:test';
import { SlurmBackend } from '../../../../src/backends/slurm/slurm-backend';
import { recordingLogger, removeDir, tempDir } from '../../support/temp';
import { backendContract } from '../contract';
import { startSlurm, type SlurmCluster } from './slurm-cluster';

const stopGraceMs = 2000;
let cluster: SlurmCluster | undefined;

before(async () => {
  cluster = await startSlurm();
});
after(() => cluster?.stop());

backendContract('slurm', {
  stopGraceMs,
  async start() {
    if (!cluster) throw new Error('Slurm is not running');
    const { shell } = cluster;
    const runDir = tempDir('rung-slurm-run-');
    const make = () => new SlurmBackend({
      runId: 'contract', runDir, shell, spec: { extra: [] }, gpusPerTrial: 0, parallel: 4, logger: recordingLogger(), pollIntervalMs: 100, stopGraceMs,
    });
    return { backend: make(), restart: async () => make(), cleanup: async () => removeDir(runDir) };
  },
});
