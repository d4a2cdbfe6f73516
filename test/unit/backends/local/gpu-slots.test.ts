import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LocalBackend, type LocalBackendOptions } from '../../../../src/backends/local/local-backend';
import type { PowerSample } from '../../../../src/core/journal/events';
import { fakeGpuBin, recordingLogger, removeDir, tempDir, type RecordingLogger } from '../../support/temp';
import { drain, outputUntil, request } from '../contract';

const GPU = [
  'GPU-3f1c2a9e-5b7d-4e21-9c0a-8d6f4b2e1a70',
  'GPU-a8e04c3b-91f2-4d6a-b7e5-2c9d0f13e4b8',
  'GPU-5d7b9e21-0c4a-4f83-a6d2-e1b8c7f90a36',
];

describe('local backend on GPUs (fake nvidia-smi first on PATH)', () => {
  let runDir: string;
  let gpuDir: string;
  let logger: RecordingLogger;
  const strangers: ChildProcess[] = [];
  const open: LocalBackend[] = [];
  const env = () => ({ ...process.env, PATH: `${fakeGpuBin}:${process.env['PATH'] ?? ''}`, FAKE_GPU_DIR: gpuDir });
  const backend = (extra: Partial<LocalBackendOptions> = {}) => {
    const b = new LocalBackend({ runDir, logger, env: env(), stopGraceMs: 400, ...extra });
    open.push(b);
    return b;
  };
  const table = (rows: string[]) => fs.writeFileSync(path.join(gpuDir, 'gpus'), rows.join('\n') + '\n');
  /** A process of someone else holding a GPU. */
  const stranger = (uuid: string) => {
    const p = spawn('sleep', ['30'], { stdio: 'ignore' });
    strangers.push(p);
    fs.writeFileSync(path.join(gpuDir, 'procs', String(p.pid)), `${uuid} 2048`);
  };
  const ids = async (b: LocalBackend) => (await b.freeSlots()).map((s) => s.id);

  beforeEach(() => {
    runDir = tempDir('rung-local-');
    gpuDir = tempDir('rung-fakegpu-');
    fs.mkdirSync(path.join(gpuDir, 'procs'));
    fs.copyFileSync(path.join(fakeGpuBin, 'gpus'), path.join(gpuDir, 'gpus'));
    logger = recordingLogger();
  });
  afterEach(async () => {
    for (const b of open.splice(0)) await b.close();
    for (const p of strangers.splice(0)) p.kill('SIGKILL');
    removeDir(runDir);
    removeDir(gpuDir);
  });

  it('offers one slot per free GPU, leaving out a GPU busy with another process', async () => {
    stranger(GPU[1]!);
    const slots = await backend().freeSlots();
    assert.deepEqual(slots, [
      { id: 'gpu0', host: 'localhost', gpus: [GPU[0]] },
      { id: 'gpu2', host: 'localhost', gpus: [GPU[2]] },
    ]);
  });

  it('gives the trial its GPUs by UUID in CUDA_VISIBLE_DEVICES, and holds them while it runs', async () => {
    const b = backend();
    const [slot] = await b.freeSlots();
    assert.ok(slot);
    // The trial claims its GPU the way CUDA would: nvidia-smi then lists it as a compute app.
    await b.launch(request(slot, 't', 'a', `echo "CVD=$CUDA_VISIBLE_DEVICES"; echo "$CUDA_VISIBLE_DEVICES 700" > "$FAKE_GPU_DIR/procs/$$"; echo claimed; sleep 0.5`));
    const out = await outputUntil(b, 'a', 'claimed');
    assert.match(out, new RegExp(`^CVD=${GPU[0]}\n`));
    assert.deepEqual(await ids(b), ['gpu1', 'gpu2']);
    await drain(b, 'a');
    assert.deepEqual(await ids(b), ['gpu0', 'gpu1', 'gpu2']);
  });

  it('groups gpus_per_trial GPUs, restricts to the study\'s gpus:, and caps at parallel', async () => {
    stranger(GPU[1]!);
    assert.deepEqual((await backend({ gpusPerTrial: 2 }).freeSlots()).map((s) => [s.id, s.gpus]), [['gpu0+2', [GPU[0], GPU[2]]]]);
    assert.deepEqual(await ids(backend({ gpus: [1, 2] })), ['gpu2']);
    assert.deepEqual(await ids(backend({ parallel: 1 })), ['gpu0']);
    const b = backend({ gpus: [2, 7] });
    await b.freeSlots();
    assert.match(logger.lines.join('\n'), /asks for GPU\(s\) 7, which this machine does not have \(it has 0, 1, 2\)/);
  });

  it('treats a GPU whose memory is used by an invisible process (another container) as taken', async () => {
    table([`0|${GPU[0]}|NVIDIA H100 80GB HBM3|69.74|612.30|81559|30000`, `1|${GPU[1]}|NVIDIA H100 80GB HBM3|71.02|598.87|81559|3`]);
    assert.deepEqual(await ids(backend()), ['gpu1']);
  });

  it('reports GPU power from one sampling process while it polls, for the study\'s GPUs only', async () => {
    stranger(GPU[1]!);
    const b = backend({ powerIntervalMs: 50, gpus: [1, 2] });
    await b.freeSlots();
    const samples: PowerSample[] = [];
    const end = Date.now() + 5000;
    while (samples.length < 6 && Date.now() < end) {
      for (const e of await b.poll(500)) if (e.type === 'power') samples.push(...e.samples);
    }
    assert.ok(samples.length >= 6, `${samples.length} samples`);
    assert.deepEqual(new Set(samples.map((p) => p.gpu)), new Set([GPU[1], GPU[2]]));
    const busy = samples.find((p) => p.gpu === GPU[1]);
    assert.deepEqual(busy, { gpu: GPU[1], t: busy?.t, watts: 598.87, util: 97, memMiB: 2048 });
    assert.ok(Math.abs((busy?.t ?? 0) - Date.now()) < 10_000);
    assert.equal(samples.find((p) => p.gpu === GPU[2])?.watts, null);
  });

  it('falls back to CPU slots when the driver is not loaded, and says so', async () => {
    fs.writeFileSync(path.join(gpuDir, 'mode'), 'no-driver');
    assert.deepEqual(await ids(backend({ parallel: 2 })), ['cpu0', 'cpu1']);
    assert.match(logger.lines.join('\n'), /^warn: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.*running trials on 2 CPU slot\(s\)/m);
  });

  it('falls back to one CPU slot when nvidia-smi is not installed', async () => {
    assert.deepEqual(await ids(backend({ nvidiaSmi: path.join(gpuDir, 'absent') })), ['cpu0']);
    assert.deepEqual(logger.lines, ['info: nvidia-smi is not installed: running trials on 1 CPU slot(s) (set `parallel:` for more).']);
  });

  it('offers nothing, rather than CPU slots, when nvidia-smi fails for another reason', async () => {
    const broken = path.join(gpuDir, 'nvidia-smi-broken');
    fs.writeFileSync(broken, '#!/bin/sh\necho "Unable to determine the device handle for GPU0000:18:00.0: GPU is lost."\nexit 15\n', { mode: 0o755 });
    assert.deepEqual(await ids(backend({ nvidiaSmi: broken })), []);
    assert.match(logger.lines.join('\n'), /^warn: nvidia-smi failed \(exit 15\): Unable to determine .*GPU is lost\. No trial starts/m);
  });
});
