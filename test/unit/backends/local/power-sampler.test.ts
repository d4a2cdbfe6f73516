import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { PowerSampler } from '../../../../src/backends/local/power-sampler';
import type { PowerSample } from '../../../../src/core/journal/events';
import { fakeGpuBin, recordingLogger, removeDir, tempDir, until } from '../../support/temp';

describe('PowerSampler (fake nvidia-smi in -lms loop mode)', () => {
  const gpuDir = tempDir('rung-fakegpu-');
  after(() => removeDir(gpuDir));
  fs.copyFileSync(path.join(fakeGpuBin, 'gpus'), path.join(gpuDir, 'gpus'));
  const env = { ...process.env, FAKE_GPU_DIR: gpuDir };

  it('starts nvidia-smi again when its stream ends, warning once per outage', async () => {
    // Each nvidia-smi prints three readings per GPU, then fails as on a driver error.
    fs.writeFileSync(path.join(gpuDir, 'loop_limit'), '3');
    const logger = recordingLogger();
    const samples: PowerSample[] = [];
    const sampler = new PowerSampler(path.join(fakeGpuBin, 'nvidia-smi'), 50, env, logger, () => samples.push(...sampler.take()), { restartMs: 100 });
    try {
      // Three GPUs x three readings per process: more than nine readings took a second process.
      await until(() => samples.length >= 3 * 3 * 2 + 3, 'readings from a restarted nvidia-smi', 15_000);
    } finally {
      sampler.close();
    }
    assert.ok(samples.every((s) => s.gpu.startsWith('GPU-')), 'the driver\'s error line is no reading');
    const stopped = logger.lines.filter((l) => /GPU power sampling stopped \(nvidia-smi exit 15\); starting it again/.test(l));
    assert.ok(stopped.length >= 1, logger.lines.join('\n'));
    const back = logger.lines.filter((l) => l === 'info: GPU power sampling is back.');
    assert.ok(back.length >= 1 && stopped.length <= back.length + 1, logger.lines.join('\n'));
  });
});
