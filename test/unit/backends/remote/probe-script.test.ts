import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseProbe, probeScript } from '../../../../src/backends/remote/probe-script';
import { LocalShell } from '../../../../src/backends/shell/local-shell';
import { removeDir, tempDir, until } from '../../support/temp';

describe('the poll script', () => {
  let dir: string;
  const shell = new LocalShell();
  beforeEach(() => (dir = tempDir('rung-probe-')));
  afterEach(() => removeDir(dir));

  const probe = async (launch: string, offset: number | undefined, capBytes = 1 << 20) => {
    const out = await shell.exec(probeScript([{ launch, dir, ...(offset !== undefined ? { offset } : {}), capBytes }]));
    assert.equal(out.code, 0, out.stderr);
    return parseProbe(out.stdout).get(launch);
  };

  it('carries any log bytes intact, header look-alikes and broken UTF-8 included, from an offset and within a cap', async () => {
    const log = Buffer.concat([Buffer.from('skip me\n@ a 1 alive 0 99 fake\n'), Buffer.from([0xe2, 0x82]), Buffer.from('\0\r\n\u20ac end')]);
    fs.writeFileSync(path.join(dir, 'log'), log);
    fs.writeFileSync(path.join(dir, 'a.launch'), '0 0 alpha/gpu0 GPU-x\n{"more":"json"}\n');
    fs.writeFileSync(path.join(dir, 'a.exit'), '3\n');
    const whole = await probe('a', 8);
    assert.deepEqual(Buffer.from(whole!.bytes), log.subarray(8));
    assert.equal(whole!.logSize, undefined);
    assert.equal((await probe('a', undefined))!.logSize, log.length);
    assert.equal(whole!.exitStatus, 3);
    assert.equal(whole!.marker, '0 0 alpha/gpu0 GPU-x');
    assert.equal(whole!.state, 'dead');
    assert.deepEqual(Buffer.from((await probe('a', 8, 5))!.bytes), log.subarray(8, 13));
    assert.equal((await probe('a', undefined))!.bytes.length, 0);
    assert.deepEqual(await probe('a', log.length).then((r) => r!.bytes.length), 0);
  });

  it('counts a zombie wrapper and a pid taken by a stranger as dead, and a launch without files as unknown', async () => {
    // `sleep 0.1 &` then exec: the short sleep's parent never reaps it, so it stays a zombie.
    const parent = spawn('/bin/sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
      await until(() => /State:\s*Z/.test(fs.readFileSync(`/proc/${zombie}/status`, 'utf8')), 'the zombie');
      fs.writeFileSync(path.join(dir, 'z.pid'), `${zombie}\n`);
      assert.equal((await probe('z', 0))!.state, 'zombie');
      fs.writeFileSync(path.join(dir, 's.pid'), `${parent.pid}\n`);
      assert.equal((await probe('s', 0))!.state, 'stranger');
      const none = await probe('n', 0);
      assert.deepEqual({ ...none, bytes: none!.bytes.length }, { launch: 'n', state: 'dead', bytes: 0 });
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
