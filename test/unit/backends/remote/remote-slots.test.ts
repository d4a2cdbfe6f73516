import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { drain, request } from '../contract';
import { gpuLines } from './hosts';
import { lab, slotOn, type Lab } from './support';

describe('remote backend: GPUs and slots over several hosts', () => {
  let l: Lab;
  const strangers: ChildProcess[] = [];
  beforeEach(() => (l = lab()));
  afterEach(async () => {
    for (const s of strangers.splice(0)) s.kill('SIGKILL');
    await l.cleanup();
  });

  /** Another user's CUDA process on a GPU: the stand-in lists it while it lives. */
  const occupy = (gpuDir: string, uuid: string) => {
    const p = spawn('sleep', ['60'], { stdio: 'ignore' });
    strangers.push(p);
    fs.writeFileSync(path.join(gpuDir, 'procs', String(p.pid)), `${uuid} 20000\n`);
  };

  it('offers the free GPUs of every host by UUID, honouring `gpus:` and other users\' processes, hosts taking turns', async () => {
    const alpha = l.host('alpha', gpuLines('a', 4));
    const beta = l.host('beta', gpuLines('b', 2));
    occupy(alpha.gpuDir, 'GPU-a-2');
    const b = l.backend([{ host: alpha, shell: alpha.shell, gpus: [1, 2, 3] }, beta]);
    const slots = await b.freeSlots();
    assert.deepEqual(slots.map((s) => [s.id, s.host, s.gpus, s.indices]), [
      ['alpha/gpu1', 'alpha', ['GPU-a-1'], [1]],
      ['beta/gpu0', 'beta', ['GPU-b-0'], [0]],
      ['alpha/gpu3', 'alpha', ['GPU-a-3'], [3]],
      ['beta/gpu1', 'beta', ['GPU-b-1'], [1]],
    ]);
  });

  it('groups gpus_per_trial GPUs per slot, hands them to the trial in CUDA_VISIBLE_DEVICES, and does not offer them while it runs', async () => {
    const alpha = l.host('alpha', gpuLines('a', 4));
    const b = l.backend([alpha], { gpusPerTrial: 2 });
    const slots = await b.freeSlots();
    assert.deepEqual(slots.map((s) => s.gpus), [['GPU-a-0', 'GPU-a-1'], ['GPU-a-2', 'GPU-a-3']]);
    await b.launch(request(slotOn(slots, 'alpha', 1), 't1', 't1-a', 'echo "$CUDA_VISIBLE_DEVICES"; sleep 0.5'));
    assert.deepEqual((await b.freeSlots()).map((s) => s.id), ['alpha/gpu0+1']);
    const { output } = await drain(b, 't1-a');
    assert.equal(output, 'GPU-a-2,GPU-a-3\n');
    assert.equal((await b.freeSlots()).length, 2);
  });

  it('offers a GPU again as soon as our trial on it ends, though the inventory it holds still lists the trial there', async () => {
    const alpha = l.host('alpha', gpuLines('a', 2));
    occupy(alpha.gpuDir, 'GPU-a-1');
    const b = l.backend([alpha], { inventoryTtlMs: 3000 });
    const slots = await b.freeSlots();
    const cached = Date.now();
    assert.deepEqual(slots.map((s) => s.id), ['alpha/gpu0']);
    await b.launch(request(slots[0]!, 't', 't-a', 'echo "$CUDA_VISIBLE_DEVICES 30000" > "$FAKE_GPU_DIR/procs/$$"; sleep 4'));
    // Past the first inventory's life, so the next one is taken while the trial holds the GPU.
    await new Promise((r) => setTimeout(r, Math.max(0, cached + 3100 - Date.now())));
    assert.deepEqual(await b.freeSlots(), []);
    await drain(b, 't-a');
    assert.deepEqual((await b.freeSlots()).map((s) => s.id), ['alpha/gpu0']);
  });

  it('says clearly why a host without nvidia-smi or without a driver runs no GPU trials, while the others do', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const bare = l.host('bare', undefined);
    const nodriver = l.host('nodriver', gpuLines('n', 2));
    fs.writeFileSync(path.join(nodriver.gpuDir, 'mode'), 'no-driver\n');
    const b = l.backend([alpha, bare, nodriver]);
    assert.deepEqual((await b.freeSlots()).map((s) => s.id), ['alpha/gpu0']);
    const said = l.logger.lines.join('\n');
    assert.match(said, /warn: bare: nvidia-smi is not installed, so no trials run there \(the study asks for 1 GPU\(s\) per trial; `gpus_per_trial: 0` runs CPU trials\)/);
    assert.match(said, /warn: nodriver: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/);
    await b.freeSlots();
    assert.equal(l.logger.lines.filter((x) => x.includes('bare:')).length, 1, 'a host that stays wrong is reported once');
  });

  it('runs CPU trials on every host, nvidia-smi or not, when gpus_per_trial is 0, within `parallel` in all', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const bare = l.host('bare', undefined);
    const b = l.backend([alpha, bare], { gpusPerTrial: 0, parallel: 3 });
    const slots = await b.freeSlots();
    assert.deepEqual(slots.map((s) => s.id), ['alpha/cpu0', 'bare/cpu0', 'alpha/cpu1']);
    await b.launch(request(slotOn(slots, 'bare'), 't1', 't1-a', 'echo "[$CUDA_VISIBLE_DEVICES]"; sleep 0.3'));
    assert.equal((await b.freeSlots()).length, 2);
    assert.equal((await drain(b, 't1-a')).output, '[]\n');
  });

  it('refuses a workdir the host does not have, naming it', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const b = l.backend([{ host: alpha, shell: alpha.shell, workdir: '/nonexistent/project' }]);
    assert.deepEqual(await b.freeSlots(), []);
    assert.match(l.logger.lines.join('\n'), /alpha: the workdir \/nonexistent\/project does not exist there; create it, or fix `workdir:`/);
  });
});
