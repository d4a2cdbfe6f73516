import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { BackendEvent, LaunchHandle } from '../../../../src/core/ports';
import { renderCommand } from '../../../../src/core/space/command';
import { until } from '../../support/temp';
import { drain, outputUntil, request } from '../contract';
import { gpuLines } from './hosts';
import { lab, slotOn, type Lab } from './support';

describe('remote backend: faults and hostile input', () => {
  let l: Lab;
  beforeEach(() => (l = lab()));
  afterEach(() => l.cleanup());

  const pidIn = (dir: string, launch: string) => Number(fs.readFileSync(path.join(dir, `${launch}.pid`), 'utf8'));

  it('follows all launches of a host with one command per poll round', async () => {
    const alpha = l.host('alpha', undefined);
    const beta = l.host('beta', undefined);
    const b = l.backend([alpha, beta], { gpusPerTrial: 0, parallel: 8 });
    const slots = await b.freeSlots();
    for (let i = 0; i < 8; i++) await b.launch(request(slots[i]!, `t${i}`, `t${i}-a`, `echo start ${i}; sleep 3`));
    await until(() => fs.existsSync(path.join(l.trialFolder(beta, 't7'), 'log')), 'the last log');
    alpha.shell.execs = 0;
    beta.shell.execs = 0;
    await b.poll(0);
    assert.deepEqual([alpha.shell.execs, beta.shell.execs], [1, 1]);
    for (let i = 0; i < 8; i++) await b.stop(`t${i}-a`);
    const exited = new Set<string>();
    while (exited.size < 8) for (const e of await b.poll(200)) if (e.type === 'exit') exited.add(e.launch);
  });

  it('keeps hostile values literal: quotes, $(...), backticks and newlines reach the trial as data', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const odd = path.join(alpha.workdir, `it's a "dir" $(touch pwned-workdir)`);
    fs.mkdirSync(odd);
    const b = l.backend([{ host: alpha, shell: alpha.shell, workdir: odd }]);
    const hostile = `'; touch pwned-quote; ' $(touch pwned-subst) \`touch pwned-tick\`\nline two "$HOME"`;
    const command = renderCommand('printf "%s|" {x}; printf "%s|" "$HOSTILE"; cat {config}', { x: hostile, config: '.rung/run1/t1/cfg.yaml' });
    await b.launch(request((await b.freeSlots())[0]!, 't1', 't1-a', command, {
      env: { HOSTILE: hostile }, configFile: { name: 'cfg.yaml', text: `lr: "$(touch pwned-config)"\n` },
    }));
    const { output, exit } = await drain(b, 't1-a');
    assert.equal(exit.exitCode, 0, exit.tail);
    assert.equal(output, `${hostile}|${hostile}|lr: "$(touch pwned-config)"\n`);
    const found = execFileSync('find', [l.base, '-name', 'pwned*'], { encoding: 'utf8' });
    assert.equal(found, '');
  });

  it('reports a trial killed from outside: its command by a signal, or its whole process group', async () => {
    const alpha = l.host('alpha', gpuLines('a', 2));
    const b = l.backend([alpha]);
    const slots = await b.freeSlots();
    await b.launch(request(slots[0]!, 't1', 't1-a', 'echo up; sleep 30'));
    await b.launch(request(slots[1]!, 't2', 't2-a', 'echo up; sleep 30'));
    await outputUntil(b, 't1-a', 'up');
    const wrapper = pidIn(l.trialFolder(alpha, 't1'), 't1-a');
    const child = Number(execFileSync('pgrep', ['-P', String(wrapper)], { encoding: 'utf8' }).trim().split('\n')[0]);
    process.kill(child, 'SIGKILL');
    const one = await drain(b, 't1-a');
    assert.equal(one.exit.exitCode, 137);
    assert.equal(one.exit.signal, 'SIGKILL');
    process.kill(-pidIn(l.trialFolder(alpha, 't2'), 't2-a'), 'SIGKILL');
    const two = await drain(b, 't2-a');
    assert.equal(two.exit.exitCode, null);
    assert.match(two.exit.reason ?? '', /its process on alpha ended without recording an exit status \(killed from outside/);
    assert.match(two.exit.tail, /up\n$/);
  });

  it('takes a pid now used by another process for a launch that is gone', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const b = l.backend([alpha]);
    await b.launch(request((await b.freeSlots())[0]!, 't', 't-a', 'echo up; sleep 30'));
    await outputUntil(b, 't-a', 'up');
    const folder = l.trialFolder(alpha, 't');
    const wrapper = pidIn(folder, 't-a');
    const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      // As if the wrapper had died unseen and its pid been given to someone else.
      fs.writeFileSync(path.join(folder, 't-a.pid'), `${stranger.pid}\n`);
      process.kill(-wrapper, 'SIGKILL');
      const { exit } = await drain(b, 't-a');
      assert.equal(exit.exitCode, null);
      assert.match(exit.reason ?? '', /ended without recording an exit status/);
      assert.equal(stranger.exitCode, null, 'the stranger is left alone');
    } finally {
      stranger.kill('SIGKILL');
    }
  });

  it('marks a host that stops answering down, keeps working on the others, and collects its trials when it is back', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const beta = l.host('beta', gpuLines('b', 1));
    const b = l.backend([alpha, beta]);
    const slots = await b.freeSlots();
    await b.launch(request(slotOn(slots, 'alpha'), 'ta', 'ta-a', 'echo a; sleep 1; echo a-done'));
    await b.launch(request(slotOn(slots, 'beta'), 'tb', 'tb-a', 'echo b; sleep 1; echo b-done'));
    alpha.shell.unreachable = true;
    const others: BackendEvent[] = [];
    const { output } = await drain(b, 'tb-a', 10_000, others);
    assert.equal(output, 'b\nb-done\n');
    assert.match(l.logger.lines.join('\n'), /warn: alpha is unreachable \(alpha: connection refused\); no new trials go there/);
    assert.deepEqual(others.filter((e) => 'launch' in e && e.type === 'exit'), []);
    assert.deepEqual((await b.freeSlots()).map((s) => s.host), ['beta']);
    await assert.rejects(b.launch(request(slotOn(slots, 'alpha'), 'tc', 'tc-a', 'true')), /alpha is unreachable/);
    alpha.shell.unreachable = false;
    const back = await drain(b, 'ta-a', 10_000);
    assert.equal(back.output, 'a\na-done\n');
    assert.equal(back.exit.exitCode, 0);
    assert.match(l.logger.lines.join('\n'), /info: alpha answers again/);
  });

  it('does not let a host slow to answer hold up the others', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const beta = l.host('beta', gpuLines('b', 1));
    const b = l.backend([alpha, beta], { roundWaitMs: 200 });
    const slots = await b.freeSlots();
    await b.launch(request(slotOn(slots, 'alpha'), 'ta', 'ta-a', 'echo a'));
    await b.launch(request(slotOn(slots, 'beta'), 'tb', 'tb-a', 'echo b'));
    alpha.shell.stallMs = 2000;
    const others: BackendEvent[] = [];
    const asked = Date.now();
    assert.equal((await drain(b, 'tb-a', 10_000, others)).output, 'b\n');
    assert.ok(Date.now() - asked < 1500, `beta's trial took ${Date.now() - asked} ms to arrive`);
    assert.deepEqual(others.filter((e) => 'launch' in e && e.launch === 'ta-a'), []);
    alpha.shell.stallMs = 0;
    assert.equal((await drain(b, 'ta-a', 10_000)).output, 'a\n');
  });

  it('after a restart, finds running, exited and vanished launches by their handles, and mirrors each log once', async () => {
    const alpha = l.host('alpha', gpuLines('a', 2));
    const beta = l.host('beta', gpuLines('b', 1));
    const first = l.backend([alpha, beta]);
    const slots = await first.freeSlots();
    const handles: LaunchHandle[] = [];
    handles.push(await first.launch(request(slotOn(slots, 'alpha', 0), 'run', 'run-a', 'echo one; sleep 1.5; echo two')));
    handles.push(await first.launch(request(slotOn(slots, 'beta'), 'done', 'done-a', 'echo fin; exit 2')));
    handles.push(await first.launch(request(slotOn(slots, 'alpha', 1), 'gone', 'gone-a', 'echo here; sleep 30')));
    const said = (trial: string, text: string) => () => fs.readFileSync(path.join(l.trialFolder(alpha, trial), 'log'), 'utf8').includes(text);
    await until(said('run', 'one'), 'run-a to print');
    await until(said('gone', 'here'), 'gone-a to print');
    await first.poll(0);
    await first.close();
    process.kill(-pidIn(l.trialFolder(alpha, 'gone'), 'gone-a'), 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));

    const again = l.backend([alpha, beta]);
    const rec = await again.reconcile([
      { trial: 'run', launch: 'run-a', handle: handles[0]! },
      { trial: 'done', launch: 'done-a', handle: handles[1]! },
      { trial: 'gone', launch: 'gone-a', handle: handles[2]! },
    ]);
    assert.deepEqual(rec.map((r) => r.status), ['running', 'exited', 'missing']);
    assert.deepEqual(rec[0]?.status === 'running' && rec[0].handle, handles[0]);
    assert.ok(rec[1]?.status === 'exited' && rec[1].exitCode === 2 && rec[1].tail === 'fin\n');
    assert.match(rec[2]?.status === 'missing' ? rec[2].reason : '', /its process on alpha is gone without an exit status/);
    const others: BackendEvent[] = [];
    assert.equal((await drain(again, 'run-a', 10_000, others)).output, 'one\ntwo\n');
    assert.deepEqual(others.filter((e) => 'launch' in e && e.launch === 'done-a').map((e) => e.type), ['output', 'exit']);
    assert.equal(fs.readFileSync(path.join(l.runDir, 'trials', 'run', 'log'), 'utf8'), 'one\ntwo\n');
    assert.equal(fs.readFileSync(path.join(l.runDir, 'trials', 'done', 'log'), 'utf8'), 'fin\n');
  });

  it('keeps a launch whose host is unreachable at reconcile as running, and settles it once the host answers', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const first = l.backend([alpha]);
    const h = await first.launch(request((await first.freeSlots())[0]!, 't', 't-a', 'echo x; sleep 0.5; exit 5'));
    await first.close();
    alpha.shell.unreachable = true;
    const again = l.backend([alpha]);
    const rec = await again.reconcile([{ trial: 't', launch: 't-a', handle: h }]);
    assert.deepEqual(rec, [{ launch: 't-a', status: 'running', handle: h }]);
    await again.poll(100);
    alpha.shell.unreachable = false;
    const { output, exit } = await drain(again, 't-a');
    assert.equal(output, 'x\n');
    assert.equal(exit.exitCode, 5);
  });

  it('fails a launch clearly, without hanging, when the trial folder cannot be written', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const full = path.join(alpha.workdir, 'full');
    fs.mkdirSync(full);
    const mounted = tryMount(full);
    try {
      if (mounted) execFileSync('sh', ['-c', `cat /dev/zero > '${full}/filler' 2>/dev/null || true`]);
      else fs.chmodSync(full, 0o555);
      const b = l.backend([{ host: alpha, shell: alpha.shell, workdir: full }]);
      const slot = (await b.freeSlots())[0]!;
      await assert.rejects(b.launch(request(slot, 't', 't-a', 'echo never')), /could not write its trial folder .*\.rung\/run1\/t on alpha.*; is the disk full or the folder read-only\?/);
    } finally {
      if (mounted) execFileSync('umount', [full]);
    }
  });

  it('reports a trial whose folder could no longer be written while it ran, rather than waiting for it forever', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const small = path.join(alpha.workdir, 'small');
    fs.mkdirSync(small);
    // A full disk where mounting is allowed (root, who ignores permissions); elsewhere the trial makes its folder read-only.
    const mounted = tryMount(small);
    try {
      const b = l.backend([{ host: alpha, shell: alpha.shell, workdir: small }]);
      const command = mounted ? `head -c 200000 /dev/zero | tr '\\0' x; echo done` : `chmod a-w ${b.trialDir('t')}; echo done`;
      await b.launch(request((await b.freeSlots())[0]!, 't', 't-a', command));
      const { exit } = await drain(b, 't-a');
      assert.equal(exit.exitCode, null);
      assert.match(exit.reason ?? '', /ended without recording an exit status .*its trial folder could not be written/);
    } finally {
      if (mounted) execFileSync('umount', [small]);
      else fs.chmodSync(l.trialFolder(alpha, 't'), 0o755);
    }
  });

  it('reads a flooding trial in bounded pieces and reports its exit after all of it', async () => {
    const alpha = l.host('alpha', gpuLines('a', 1));
    const b = l.backend([alpha], { readCapBytes: 64 * 1024 });
    const size = 1024 * 1024;
    await b.launch(request((await b.freeSlots())[0]!, 't', 't-a', `yes | head -c ${size}`));
    const { events, exit } = await drain(b, 't-a', 30_000);
    const chunks = events.filter((e) => e.type === 'output').map((e) => (e.type === 'output' ? e.text.length : 0));
    assert.equal(chunks.reduce((a, n) => a + n, 0), size);
    assert.ok(Math.max(...chunks) <= 64 * 1024, `largest piece ${Math.max(...chunks)} bytes`);
    assert.equal(events[events.length - 1], exit);
    assert.equal(exit.exitCode, 0);
    assert.equal(fs.statSync(path.join(l.runDir, 'trials', 't', 'log')).size, size);
  });
});

/** A 64 KiB tmpfs makes a full disk where mounting is allowed (root); elsewhere the folder is made read-only. */
function tryMount(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
