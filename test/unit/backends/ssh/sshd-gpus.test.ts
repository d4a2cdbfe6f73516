import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { SshHosts } from '../../../../src/backends/ssh/ssh-hosts';
import { useSshds } from './sshd';

// Host .3 has two stand-in GPUs, the second held by another user's process; host .4 has no driver.
const sshds = useSshds({ RUNG_SSHD_GPUS_3: '2', RUNG_SSHD_BUSY_3: '1', RUNG_SSHD_MODE_4: 'no-driver' });

describe('the test sshds stand in for GPU boxes', () => {
  let hosts: SshHosts | undefined;
  const pool = (): SshHosts => (hosts ??= new SshHosts({ resolve: sshds().resolve, agentSocket: '' }));
  after(async () => hosts?.close());

  it('gives each host its own nvidia-smi, GPU count and busy GPUs', async () => {
    const gpus = await pool().shell({ alias: 'rung-h3' }).exec('nvidia-smi --query-gpu=index,uuid,utilization.gpu --format=csv,noheader,nounits');
    const rows = gpus.stdout.trim().split('\n').map((l) => l.split(', '));
    assert.deepEqual(rows.map((r) => [r[0], r[2]]), [['0', '0'], ['1', '97']]);
    const apps = await pool().shell({ alias: 'rung-h3' }).exec('nvidia-smi --query-compute-apps=gpu_uuid,used_memory --format=csv,noheader,nounits');
    assert.equal(apps.stdout.trim(), `${rows[1]?.[1]}, 30000`);
    const other = await pool().shell({ alias: 'rung-h2' }).exec('nvidia-smi -L | wc -l');
    assert.equal(other.stdout.trim(), '4');
  });

  it('fails like a box without a loaded driver where asked', async () => {
    const r = await pool().shell({ alias: 'rung-h4' }).exec('nvidia-smi --query-gpu=index --format=csv');
    assert.equal(r.code, 9);
    assert.match(r.stdout, /couldn't communicate with the NVIDIA driver/);
  });
});
