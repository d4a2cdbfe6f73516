import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  classifyFailure, computeAppsArgs, gpuQueryArgs, INVENTORY_FIELDS, parseComputeApps, parseInventory, parsePower, parseRows, POWER_FIELDS, readNumber,
} from '../../../../src/backends/power/nvidia-smi';
import { fakeGpuBin, removeDir, tempDir } from '../../support/temp';

describe('nvidia-smi contract (against the stand-in tool)', () => {
  let gpuDir: string;
  const smi = (args: string[]) => {
    const r = spawnSync(path.join(fakeGpuBin, 'nvidia-smi'), args, { env: { ...process.env, FAKE_GPU_DIR: gpuDir }, encoding: 'utf8' });
    return { code: r.status, out: r.stdout };
  };
  beforeEach(() => {
    gpuDir = tempDir('rung-fakegpu-');
    fs.mkdirSync(path.join(gpuDir, 'procs'));
    fs.copyFileSync(path.join(fakeGpuBin, 'gpus'), path.join(gpuDir, 'gpus'));
  });
  afterEach(() => removeDir(gpuDir));

  it('parses the inventory, with [N/A] as null', () => {
    const { code, out } = smi(gpuQueryArgs(INVENTORY_FIELDS));
    assert.equal(code, 0);
    const gpus = parseInventory(out);
    assert.deepEqual(gpus.map((g) => [g.index, g.name, g.memoryTotalMiB]), [[0, 'NVIDIA H100 80GB HBM3', 81559], [1, 'NVIDIA H100 80GB HBM3', 81559], [2, 'NVIDIA GeForce RTX 4090', 24564]]);
    const power = parsePower(smi(gpuQueryArgs(POWER_FIELDS)).out);
    assert.deepEqual(power.map((p) => p.watts), [69.74, 71.02, null]);
    assert.deepEqual(power.map((p) => p.util), [0, 0, 0]);
  });

  it('reads fields in the order asked, with or without header and units', () => {
    const fields = ['memory.total', 'uuid', 'power.draw'];
    const bare = smi([`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits']).out;
    const dressed = smi([`--query-gpu=${fields.join(',')}`, '--format=csv']).out;
    assert.match(dressed, /^memory\.total \[MiB\], uuid, power\.draw \[W\]\n81559 MiB, GPU-3f1c/);
    assert.deepEqual(parseRows(dressed, fields).map((r) => readNumber(r['memory.total']!)), parseRows(bare, fields).map((r) => readNumber(r['memory.total']!)));
    assert.deepEqual(parseRows(dressed, fields).map((r) => readNumber(r['power.draw']!)), [69.74, 71.02, null]);
  });

  it('lists compute apps per GPU, nothing when idle, and reads utilisation as [N/A] under MIG', () => {
    assert.deepEqual(parseComputeApps(smi(computeAppsArgs()).out), []);
    fs.writeFileSync(path.join(gpuDir, 'procs', String(process.pid)), 'GPU-a8e04c3b-91f2-4d6a-b7e5-2c9d0f13e4b8 1234');
    assert.deepEqual(parseComputeApps(smi(computeAppsArgs()).out), [{ pid: process.pid, gpuUuid: 'GPU-a8e04c3b-91f2-4d6a-b7e5-2c9d0f13e4b8', usedMiB: 1234 }]);
    assert.deepEqual(parsePower(smi(gpuQueryArgs(POWER_FIELDS)).out).map((p) => [p.util, p.memMiB]), [[0, 0], [97, 1234], [0, 0]]);
    fs.writeFileSync(path.join(gpuDir, 'mode'), 'mig');
    assert.deepEqual(parsePower(smi(gpuQueryArgs(POWER_FIELDS)).out).map((p) => p.util), [null, null, null]);
  });

  it('repeats the query in loop mode, header once', async () => {
    const p = spawn(path.join(fakeGpuBin, 'nvidia-smi'), ['--query-gpu=index,power.draw', '--format=csv', '-lms', '100'], { env: { ...process.env, FAKE_GPU_DIR: gpuDir } });
    let out = '';
    p.stdout.on('data', (d) => (out += String(d)));
    await new Promise((r) => setTimeout(r, 900));
    p.kill();
    const lines = out.trim().split('\n');
    assert.equal(lines.filter((l) => l.startsWith('index')).length, 1);
    assert.ok(lines.length >= 1 + 3 * 3, `${lines.length} lines`);
    assert.deepEqual(parseRows(out, ['index', 'power.draw']).slice(0, 3).map((r) => r['index']), ['0', '1', '2']);
  });

  it('classifies failures: no driver, bad field, not installed, no devices', () => {
    fs.writeFileSync(path.join(gpuDir, 'mode'), 'no-driver');
    const noDriver = smi(gpuQueryArgs(INVENTORY_FIELDS));
    assert.equal(noDriver.code, 9);
    assert.equal(classifyFailure(noDriver.code, noDriver.out).kind, 'no-driver');
    fs.rmSync(path.join(gpuDir, 'mode'));
    const bad = smi(['--query-gpu=index,flux.capacitor', '--format=csv']);
    assert.equal(bad.code, 2);
    assert.deepEqual(classifyFailure(bad.code, bad.out), { kind: 'error', message: 'nvidia-smi failed (exit 2): Field "flux.capacitor" is not a valid field to query.' });
    assert.equal(classifyFailure(null, '', 'ENOENT').kind, 'absent');
    assert.equal(classifyFailure(127, '').kind, 'absent');
    assert.equal(classifyFailure(6, 'No devices were found\n').kind, 'no-devices');
  });

  it('reads numbers with units and the driver\'s placeholders', () => {
    assert.equal(readNumber('69.74 W'), 69.74);
    assert.equal(readNumber(' 81559 MiB'), 81559);
    assert.equal(readNumber('[Not Supported]'), null);
    assert.equal(readNumber('[N/A]'), null);
    assert.equal(readNumber('[Unknown Error]'), null);
    assert.throws(() => parseInventory('0, GPU-x\n'), /where 5 values/);
  });
});
