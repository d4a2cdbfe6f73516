import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { EngineLock, EngineLockBusy, isEngineAlive, readEngineLock } from '../../../src/storage/engine-lock';
import { processState } from '../../../src/storage/process-liveness';
import { removeDir, tempDir, until } from '../support/temp';

/** The pid of a process that has exited and been reaped. */
function deadPid(): number {
  const r = spawnSync('/bin/sh', ['-c', 'echo $$']);
  return Number(String(r.stdout).trim());
}

function writeLock(dir: string, info: { pid: number; host: string; startedAt: number }): void {
  fs.writeFileSync(path.join(dir, 'engine.lock'), JSON.stringify(info));
}

describe('engine lock', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => removeDir(dir));

  it('is exclusive: a second engine is refused while the first lives', () => {
    const lock = EngineLock.acquire(dir);
    assert.deepEqual(readEngineLock(path.join(dir, 'engine.lock')), lock.info);
    assert.equal(lock.info.pid, process.pid);
    assert.equal(isEngineAlive(dir), true);
    assert.throws(() => EngineLock.acquire(dir, { pid: 12345, host: os.hostname() }), (e: unknown) => e instanceof EngineLockBusy && e.holder.pid === process.pid && /rung stop/.test(e.message));
    lock.release();
    assert.equal(fs.existsSync(path.join(dir, 'engine.lock')), false);
    assert.equal(isEngineAlive(dir), false);
  });

  it('takes over the lock of a dead engine', () => {
    const pid = deadPid();
    writeLock(dir, { pid, host: os.hostname(), startedAt: Date.now() - 1000 });
    assert.equal(isEngineAlive(dir), false);
    const lock = EngineLock.acquire(dir);
    assert.equal(lock.tookOver?.pid, pid);
    assert.equal(isEngineAlive(dir), true);
    assert.deepEqual(fs.readdirSync(dir), ['engine.lock']);
    lock.release();
  });

  it('takes over the lock of a zombie engine', async () => {
    // The background sleep outlives the exec, becomes a child of `sleep 30`, which never reaps it: a zombie.
    const parent = spawn('/bin/sh', ['-c', 'sleep 0.5 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = await new Promise<number>((resolve) => parent.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
      await until(() => processState(zombie) === 'zombie', 'the orphan to become a zombie');
      writeLock(dir, { pid: zombie, host: os.hostname(), startedAt: Date.now() });
      assert.equal(isEngineAlive(dir), false);
      const lock = EngineLock.acquire(dir);
      assert.equal(lock.tookOver?.pid, zombie);
      lock.release();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('sees a reused pid: a process that started after the lock was taken is not its engine', () => {
    writeLock(dir, { pid: process.pid, host: os.hostname(), startedAt: Date.parse('2001-01-01') });
    assert.equal(isEngineAlive(dir), false);
    const lock = EngineLock.acquire(dir);
    assert.equal(lock.tookOver?.startedAt, Date.parse('2001-01-01'));
    lock.release();
  });

  it('counts an engine on another host as alive (it cannot be checked from here)', () => {
    writeLock(dir, { pid: deadPid(), host: 'elsewhere.invalid', startedAt: Date.now() });
    assert.equal(isEngineAlive(dir), true);
    assert.throws(() => EngineLock.acquire(dir), /elsewhere\.invalid/);
  });

  it('waits for a lock that is being written, and takes over one abandoned half-written', () => {
    const file = path.join(dir, 'engine.lock');
    fs.writeFileSync(file, '');
    assert.throws(() => EngineLock.acquire(dir), /being written/);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    const lock = EngineLock.acquire(dir);
    assert.equal(lock.tookOver, undefined);
    assert.equal(isEngineAlive(dir), true);
    lock.release();
  });

  it('releases only its own lock', () => {
    const lock = EngineLock.acquire(dir);
    writeLock(dir, { pid: 1, host: os.hostname(), startedAt: 5 });
    lock.release();
    assert.equal(fs.existsSync(path.join(dir, 'engine.lock')), true);
  });
});
