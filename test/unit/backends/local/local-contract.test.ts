import * as path from 'node:path';
import { LocalBackend } from '../../../../src/backends/local/local-backend';
import { recordingLogger, removeDir, tempDir } from '../../support/temp';
import { backendContract } from '../contract';

const stopGraceMs = 1500;

backendContract('local', {
  stopGraceMs,
  async start() {
    const runDir = tempDir('rung-local-');
    // No nvidia-smi by that name: CPU slots, whatever this machine has.
    const make = () => new LocalBackend({ runDir, logger: recordingLogger(), parallel: 4, stopGraceMs, nvidiaSmi: path.join(runDir, 'no-nvidia-smi') });
    return { backend: make(), restart: async () => make(), cleanup: async () => removeDir(runDir) };
  },
});
