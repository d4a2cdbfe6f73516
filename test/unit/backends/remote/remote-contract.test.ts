import { RemoteBackend } from '../../../../src/backends/remote/remote-backend';
import { recordingLogger, removeDir, tempDir } from '../../support/temp';
import { backendContract } from '../contract';
import { gpuLines, makeHost } from './hosts';

const stopGraceMs = 1500;

backendContract('remote (hosts reached through their shells)', {
  stopGraceMs,
  async start() {
    const base = tempDir('rung-remote-');
    const hosts = [makeHost(base, 'alpha', gpuLines('a', 2)), makeHost(base, 'beta', gpuLines('b', 2))];
    const make = () => new RemoteBackend({
      runDir: `${base}/run`, runId: 'contract', logger: recordingLogger(), stopGraceMs, pollIntervalMs: 100,
      hosts: hosts.map((h) => ({ shell: h.shell, name: h.name, workdir: h.workdir })),
    });
    return { backend: make(), restart: async () => make(), cleanup: async () => removeDir(base) };
  },
});
