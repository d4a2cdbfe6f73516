import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { RemoteBackend } from '../../../../src/backends/remote/remote-backend';
import type { BackendEvent } from '../../../../src/core/ports';
import type { TestHost } from './hosts';
import { lab, type Lab } from './support';

type Power = Extract<BackendEvent, { type: 'power' }>;

async function powerUntil(b: RemoteBackend, enough: (seen: Power[]) => boolean, timeoutMs = 8000): Promise<Power[]> {
  const seen: Power[] = [];
  const end = Date.now() + timeoutMs;
  while (!enough(seen)) {
    if (Date.now() > end) throw new Error(`not enough power events within ${timeoutMs} ms: ${JSON.stringify(seen).slice(0, 400)}`);
    for (const e of await b.poll(200)) if (e.type === 'power') seen.push(e);
  }
  return seen;
}

/**
 * The pids of the host's sampling nvidia-smi, found by the stand-in's path on that host's PATH.
 * The stand-in is a shell script whose subshells share its command line for a moment: only
 * processes whose parent is not itself a sampler count.
 */
function samplerPids(host: TestHost, base: string): number[] {
  const tool = path.join(base, host.name, 'bin', 'nvidia-smi');
  const matching = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try {
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return args.includes(tool) && args.includes('-lms');
    } catch {
      return false;
    }
  });
  const parentOf = (pid: string): string | undefined => {
    try {
      return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1];
    } catch {
      return undefined;
    }
  };
  // A process gone before its parent could be read was one of those momentary subshells.
  return matching.filter((pid) => {
    const parent = parentOf(pid);
    return parent !== undefined && !matching.includes(parent);
  }).map(Number);
}

describe('remote backend: GPU power', () => {
  let l: Lab;
  beforeEach(() => (l = lab()));
  afterEach(() => l.cleanup());

  it('streams power samples per host from one long-lived nvidia-smi, only for the GPUs the study may use, [N/A] as null', async () => {
    const alpha = l.host('alpha', [{ uuid: 'GPU-a-0' }, { uuid: 'GPU-a-1', idleW: '[N/A]', busyW: '[N/A]' }, { uuid: 'GPU-a-2' }]);
    const beta = l.host('beta', [{ uuid: 'GPU-b-0', idleW: '55.50' }]);
    const b = l.backend([{ host: alpha, shell: alpha.shell, gpus: [0, 1] }, beta], { powerIntervalMs: 100 });
    await b.freeSlots();
    const seen = await powerUntil(b, (s) => s.some((e) => e.host === 'alpha') && s.some((e) => e.host === 'beta'));
    const alphaSamples = seen.filter((e) => e.host === 'alpha').flatMap((e) => e.samples);
    assert.deepEqual([...new Set(alphaSamples.map((s) => s.gpu))].sort(), ['GPU-a-0', 'GPU-a-1']);
    assert.equal(alphaSamples.find((s) => s.gpu === 'GPU-a-0')?.watts, 70);
    assert.equal(alphaSamples.find((s) => s.gpu === 'GPU-a-1')?.watts, null);
    assert.equal(seen.find((e) => e.host === 'beta')?.samples[0]?.watts, 55.5);
    assert.deepEqual(samplerPids(alpha, l.base).length, 1);
  });

  it('starts the sampling stream again when it ends', async () => {
    const alpha = l.host('alpha', [{ uuid: 'GPU-a-0' }]);
    const b = l.backend([alpha], { powerIntervalMs: 100 });
    await b.freeSlots();
    await powerUntil(b, (s) => s.length > 0);
    for (const pid of samplerPids(alpha, l.base)) process.kill(pid, 'SIGKILL');
    await b.poll(300);
    const after = Date.now();
    const again = await powerUntil(b, (s) => s.some((e) => e.samples.some((x) => x.t > after)), 10_000);
    assert.ok(again.length > 0);
    assert.match(l.logger.lines.join('\n'), /warn: alpha: GPU power sampling stopped \(SIGKILL\); starting it again in 1 s/);
  });
});
