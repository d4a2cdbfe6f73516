import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PowerStream } from '../../../../src/backends/power/power-stream';

describe('power stream', () => {
  it('completes a sample only when its line is whole, whatever the chunking', () => {
    const s = new PowerStream();
    assert.deepEqual(s.push('GPU-a, 69.7', 1), []);
    assert.deepEqual(s.push('4, 0, 10\nGPU-b, [N/A], [N/A], 5\nGPU-c', 2), [
      { gpu: 'GPU-a', watts: 69.74, util: 0, memMiB: 10, t: 2 },
      { gpu: 'GPU-b', watts: null, util: null, memMiB: 5, t: 2 },
    ]);
    assert.deepEqual(s.push(', 612.30, 97, 3000\n', 3), [{ gpu: 'GPU-c', watts: 612.3, util: 97, memMiB: 3000, t: 3 }]);
  });

  it('skips lines that are not samples', () => {
    const s = new PowerStream();
    assert.deepEqual(s.push('Unable to determine the device handle\nGPU-a, 70, 1, 2\n', 5), [{ gpu: 'GPU-a', watts: 70, util: 1, memMiB: 2, t: 5 }]);
  });
});
