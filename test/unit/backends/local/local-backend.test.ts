import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LocalBackend, type LocalBackendOptions } from '../../../../src/backends/local/local-backend';
import type { Slot } from '../../../../src/core/ports';
import { recordingLogger, removeDir, tempDir } from '../../support/temp';
import { drain, outputUntil, request } from '../contract';

const cpu: Slot = { id: 'cpu0', host: 'localhost', gpus: [] };

describe('local backend', () => {
  let runDir: string;
  const open: LocalBackend[] = [];
  const backend = (extra: Partial<LocalBackendOptions> = {}) => {
    const b = new LocalBackend({ runDir, logger: recordingLogger(), stopGraceMs: 400, nvidiaSmi: path.join(runDir, 'absent'), ...extra });
    open.push(b);
    return b;
  };
  const trialFile = (trial: string, name: string) => path.join(runDir, 'trials', trial, name);
  const pidOf = (trial: string, launch: string) => Number(fs.readFileSync(trialFile(trial, `${launch}.pid`), 'utf8'));

  beforeEach(() => (runDir = tempDir('rung-local-')));
  afterEach(async () => {
    for (const b of open.splice(0)) await b.close();
    removeDir(runDir);
  });

  it('runs the trial in its own session and process group, detached from the engine', async () => {
    const b = backend();
    const handle = await b.launch(request(cpu, 't', 'a', 'echo up; sleep 0.5'));
    await outputUntil(b, 'a', 'up');
    const pid = pidOf('t', 'a');
    assert.equal(handle.handle, `pid:${pid}`);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [pgrp, session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(2, 4).map(Number);
    assert.equal(pgrp, pid);
    assert.equal(session, pid);
    assert.notEqual(session, Number(fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ')[3]));
    await drain(b, 'a');
  });

  it('hands out output as it is written, before the trial ends, and records the exit status atomically', async () => {
    const b = backend();
    await b.launch(request(cpu, 't', 'a', `printf 'rung: {"resource": 1}\\n'; sleep 0.6; printf 'rung: {"resource": 2}\\n'; exit 7`));
    const first = await outputUntil(b, 'a', '"resource": 1');
    assert.equal(first, 'rung: {"resource": 1}\n');
    assert.equal(fs.existsSync(trialFile('t', 'a.exit')), false);
    const { output, exit } = await drain(b, 'a');
    assert.equal(output, 'rung: {"resource": 2}\n');
    assert.equal(exit.exitCode, 7);
    assert.equal(fs.readFileSync(trialFile('t', 'a.exit'), 'utf8'), '7\n');
    assert.deepEqual(fs.readdirSync(path.join(runDir, 'trials', 't')).filter((f) => f.endsWith('.tmp')), []);
  });

  it('keeps a partial last line until its newline, and hands it out at exit', async () => {
    const b = backend();
    await b.launch(request(cpu, 't', 'a', `printf 'epoch 1 ...'; sleep 0.5; printf ' done\\nno newline'`));
    const events = await b.poll(300);
    assert.deepEqual(events.filter((e) => e.type === 'output'), []);
    const { output } = await drain(b, 'a');
    assert.equal(output, 'epoch 1 ... done\nno newline');
  });

  it('continues one log across launches of a trial, each launch reading only its own part', async () => {
    const b = backend();
    await b.launch(request(cpu, 't', 'a', 'echo first'));
    assert.equal((await drain(b, 'a')).output, 'first\n');
    await b.launch(request(cpu, 't', 'b', 'echo second'));
    const { output, exit } = await drain(b, 'b');
    assert.equal(output, 'second\n');
    assert.equal(exit.tail, 'second\n');
    assert.equal(fs.readFileSync(trialFile('t', 'log'), 'utf8'), 'first\nsecond\n');
  });

  it('reports the signal of a trial that ends on SIGTERM', async () => {
    const b = backend();
    await b.launch(request(cpu, 't', 'a', 'echo up; sleep 30'));
    await outputUntil(b, 'a', 'up');
    await b.stop('a');
    const { exit } = await drain(b, 'a');
    assert.equal(exit.exitCode, 143);
    assert.equal(exit.signal, 'SIGTERM');
  });

  it('says why when SIGTERM was ignored and the trial had to be killed', async () => {
    const b = backend({ stopGraceMs: 300 });
    await b.launch(request(cpu, 't', 'a', `trap '' TERM; echo up; while :; do sleep 0.1; done`));
    await outputUntil(b, 'a', 'up');
    await b.stop('a');
    const { exit } = await drain(b, 'a');
    assert.equal(exit.exitCode, null);
    assert.match(exit.reason ?? '', /after SIGTERM, so it was killed/);
    assert.equal(fs.existsSync(trialFile('t', 'a.exit')), false);
  });

  it('reports a trial killed with -9 from outside as an exit without code', async () => {
    const b = backend();
    await b.launch(request(cpu, 't', 'a', 'echo up; sleep 30'));
    await outputUntil(b, 'a', 'up');
    process.kill(-pidOf('t', 'a'), 'SIGKILL');
    const { exit } = await drain(b, 'a');
    assert.equal(exit.exitCode, null);
    assert.equal(exit.reason, 'killed from outside (no exit code)');
    assert.match(exit.tail, /up\n$/);
  });

  it('still sees the end of a trial whose pid file someone deleted', async () => {
    const b = backend();
    await b.launch(request(cpu, 't', 'a', 'echo up; sleep 30'));
    await outputUntil(b, 'a', 'up');
    const pid = pidOf('t', 'a');
    fs.rmSync(trialFile('t', 'a.pid'));
    process.kill(-pid, 'SIGKILL');
    const { exit } = await drain(b, 'a', 5000);
    assert.equal(exit.exitCode, null);
  });

  it('reads a flooding trial in bounded chunks, and reports its exit only after all of it', async () => {
    const b = backend({ readCapBytes: 1024 * 1024 });
    const size = 20 * 1024 * 1024;
    await b.launch(request(cpu, 't', 'a', `yes | head -c ${size}`));
    const { events, exit } = await drain(b, 'a', 60_000);
    const chunks = events.filter((e) => e.type === 'output').map((e) => (e.type === 'output' ? e.text.length : 0));
    assert.equal(chunks.reduce((a, n) => a + n, 0), size);
    assert.ok(Math.max(...chunks) <= 1024 * 1024, `largest chunk ${Math.max(...chunks)} bytes`);
    assert.ok(chunks.length >= 20);
    assert.equal(events[events.length - 1], exit);
    assert.equal(exit.exitCode, 0);
    assert.ok(exit.tail.length <= 8 * 1024 && exit.tail.endsWith('y\ny\n'));
  });

  it('starts a launch id once even when a restarted engine launches it again', async () => {
    const counter = path.join(runDir, 'starts');
    const req = request(cpu, 't', 'a', `echo x >> '${counter}'; echo up; sleep 0.5`);
    const first = backend();
    const h1 = await first.launch(req);
    await outputUntil(first, 'a', 'up');
    await first.close();
    const second = backend();
    const h2 = await second.launch(req);
    assert.deepEqual(h2, h1);
    const { output, exit } = await drain(second, 'a');
    assert.equal(output, 'up\n');
    assert.equal(exit.exitCode, 0);
    assert.equal(fs.readFileSync(counter, 'utf8'), 'x\n');
  });

  it('writes the config file before the command starts, in a workdir that may start with ~, with the study env', async () => {
    const b = backend();
    const cfg = trialFile('t', 'train.yaml');
    await b.launch(request(cpu, 't', 'a', `cat '${cfg}'; pwd; echo "mode=$RUNG_TEST_MODE"`, {
      workdir: '~', env: { RUNG_TEST_MODE: 'fast' }, configFile: { name: 'train.yaml', text: 'lr: 0.1\n' },
    }));
    const { output } = await drain(b, 'a');
    assert.equal(output, `lr: 0.1\n${fs.realpathSync(os.homedir())}\nmode=fast\n`);
  });

  it('refuses a missing workdir with a clear message and leaves the id free to launch again', async () => {
    const b = backend();
    const workdir = path.join(runDir, 'later');
    await assert.rejects(b.launch(request(cpu, 't', 'a', 'pwd', { workdir })), /does not exist on this machine/);
    fs.mkdirSync(workdir);
    await b.launch(request(cpu, 't', 'a', 'pwd', { workdir }));
    assert.equal((await drain(b, 'a')).output, `${workdir}\n`);
  });

  it('reconciles a deleted trial folder, a launch that never ran, and a pid now used by a stranger', async () => {
    const b = backend();
    await b.launch(request(cpu, 'gone', 'g', 'sleep 0.1'));
    await drain(b, 'g');
    fs.rmSync(path.join(runDir, 'trials', 'gone'), { recursive: true });
    fs.mkdirSync(path.join(runDir, 'trials', 'half'), { recursive: true });
    fs.writeFileSync(trialFile('half', 'h.launch'), JSON.stringify({ trial: 'half', launch: 'h', slot: 'cpu0', host: 'localhost', gpus: [], logStart: 0, startedAt: 1 }));
    await b.launch(request(cpu, 'reused', 'r', 'echo last words'));
    await drain(b, 'r');
    fs.rmSync(trialFile('reused', 'r.exit'));
    fs.writeFileSync(trialFile('reused', 'r.pid'), `${process.pid}\n`);

    const rec = await backend().reconcile([{ trial: 'gone', launch: 'g' }, { trial: 'half', launch: 'h' }, { trial: 'reused', launch: 'r' }]);
    assert.deepEqual(rec[0], { launch: 'g', status: 'missing', reason: 'its trial folder trials/gone is gone (deleted?)' });
    assert.deepEqual(rec[1], { launch: 'h', status: 'missing', reason: 'it was being started when the engine stopped, and never ran' });
    assert.deepEqual(rec[2], { launch: 'r', status: 'exited', exitCode: null, tail: 'last words\n' });
  });

  it('offers `parallel` CPU slots and counts its running trials against them', async () => {
    const b = backend({ parallel: 2 });
    assert.deepEqual((await b.freeSlots()).map((s) => s.id), ['cpu0', 'cpu1']);
    await b.launch(request({ id: 'cpu0', host: 'localhost', gpus: [] }, 't', 'a', 'sleep 0.4'));
    assert.deepEqual((await b.freeSlots()).map((s) => s.id), ['cpu1']);
    await drain(b, 'a');
    assert.deepEqual((await b.freeSlots()).map((s) => s.id), ['cpu0', 'cpu1']);
  });

  it('waits up to waitMs for events when nothing happens', async () => {
    const b = backend();
    const t0 = Date.now();
    assert.deepEqual(await b.poll(150), []);
    assert.ok(Date.now() - t0 >= 140);
  });
});
