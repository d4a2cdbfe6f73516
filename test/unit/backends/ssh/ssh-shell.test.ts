import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { after, describe, it } from 'node:test';
import { SshHosts } from '../../../../src/backends/ssh/ssh-hosts';
import { shellQuote } from '../../../../src/core/space/shell';
import { useSshds } from './sshd';
import { until } from '../../support/temp';

const sshds = useSshds();

describe('SshShell against a real sshd', () => {
  let hosts: SshHosts | undefined;
  const pool = (): SshHosts => (hosts ??= new SshHosts({ resolve: sshds().resolve, agentSocket: '' }));
  after(async () => hosts?.close());

  it('runs commands under /bin/sh with stdin, exit codes and stderr', async () => {
    const shell = pool().shell({ alias: 'rung-h2' });
    const r = await shell.exec('read a; echo "got $a"; echo oops >&2; exit 3', { stdin: 'hello\n' });
    assert.deepEqual(r, { code: 3, stdout: 'got hello\n', stderr: 'oops\n' });
    const who = await shell.exec('id -un; echo $HOME');
    assert.equal(who.stdout, `${sshds().get('RUNG_SSH_USER_2')}\n${sshds().get('RUNG_SSH_HOME_2')}\n`);
    assert.equal(shell.label, 'rung-h2');
  });

  it('reports a command killed by a signal and kills one that passes its timeout', async () => {
    const shell = pool().shell({ alias: 'rung-h2' });
    const killed = await shell.exec('kill -9 $$');
    assert.equal(killed.code, null);
    assert.equal(killed.signal, 'SIGKILL');
    const marker = `rung-timeout-${process.pid}-${Date.now()}`;
    await assert.rejects(shell.exec(`sleep 30; echo ${marker}`, { timeoutMs: 300 }), /did not finish within 300 ms/);
    // The command is gone on the host, not just abandoned.
    await until(() => !execFileSync('ps', ['-eo', 'args']).toString().includes(`sleep 30; echo ${marker}`), 'the timed-out command to die', 3000);
  });

  it('passes hostile strings through as data, never as shell code', async () => {
    const shell = pool().shell({ alias: 'rung-h2' });
    const marker = `/tmp/rung-pwned-${process.pid}`;
    const hostile = [`$(touch ${marker})`, `\`touch ${marker}\``, `; touch ${marker}`, `' ; touch ${marker} ; '`, `" && touch ${marker} "`, 'back\\slash\nnew line', '-n'];
    for (const value of hostile) {
      // shellQuote is how every value reaches a command line; SshShell quotes the whole line once more for /bin/sh.
      const r = await shell.exec(`printf '%s' ${shellQuote(value)}`);
      assert.equal(r.stdout, value);
      assert.equal((await shell.exec('cat', { stdin: value })).stdout, value);
    }
    assert.equal((await shell.exec(`test -e ${marker} && echo injected || echo clean`)).stdout, 'clean\n');
  });

  it('streams a long-lived command (nvidia-smi -lms) until closed', async () => {
    const shell = pool().shell({ alias: 'rung-h3' });
    const lines: string[] = [];
    const s = shell.stream('nvidia-smi --query-gpu=index,power.draw --format=csv,noheader,nounits -lms 100', (t) => lines.push(...t.split('\n').filter(Boolean)));
    await until(() => lines.length >= 8, 'two rounds of 4 GPUs', 5000);
    s.close();
    const end = await s.ended;
    assert.equal(end.stdout, '');
    assert.match(lines[0] ?? '', /^0, 60\.50$/);
    assert.match(lines[5] ?? '', /^1, /);
  });

  it('keeps at most the channel limit open and queues the rest', async () => {
    const shell = pool().shell({ alias: 'rung-h4' });
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => shell.exec(`sleep 0.2; echo ${i}`)));
    assert.deepEqual(results.map((r) => r.stdout), Array.from({ length: 24 }, (_, i) => `${i}\n`));
  });

  it('writes files atomically over SFTP with the mode asked, and reads them from an offset', async () => {
    const shell = pool().shell({ alias: 'rung-h2' });
    const home = sshds().get('RUNG_SSH_HOME_2');
    const file = `${home}/sftp-test-${process.pid}.bin`;
    const data = Buffer.alloc(300_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + 3) % 251;
    await shell.writeFile(file, data, 0o640);
    assert.equal((await shell.exec(`stat -c %a ${file}; ls -a ${home} | grep -c '\\.tmp$' || true`)).stdout, '640\n0\n');
    assert.deepEqual(Buffer.from((await shell.readFile(file)) ?? []), data);
    assert.deepEqual(Buffer.from((await shell.readFile(file, 123_456)) ?? []), data.subarray(123_456));
    assert.deepEqual(Buffer.from((await shell.readFile(file, 100_000, 50_000)) ?? []), data.subarray(100_000, 150_000));
    assert.equal((await shell.readFile(file, data.length))?.length, 0);
    await shell.writeFile(file, 'replaced\n');
    assert.equal(Buffer.from((await shell.readFile(file)) ?? []).toString(), 'replaced\n');
    assert.equal(await shell.readFile(`${home}/no-such-file`), undefined);
    await assert.rejects(shell.writeFile('/root/not-allowed', 'x'), /rung-h2: cannot write \/root\/not-allowed: Permission denied/);
  });

  it('reaches a host through a ProxyJump host', async () => {
    const shell = pool().shell({ alias: 'rung-h3-via-h2' });
    const r = await shell.exec('id -un; echo $SSH_CONNECTION');
    const [user, conn] = r.stdout.split('\n');
    assert.equal(user, sshds().get('RUNG_SSH_USER_3'));
    // sshd on .3 sees a connection from the jump host's loopback source, not from this process.
    assert.match(conn ?? '', /^127\.0\.0\.1 \d+ 127\.0\.0\.3 /);
  });

  it('leaves a detached process running after the connection closes', async () => {
    const local = new SshHosts({ resolve: sshds().resolve, agentSocket: '' });
    const shell = local.shell({ alias: 'rung-h4' });
    const home = sshds().get('RUNG_SSH_HOME_4');
    const started = await shell.exec(`cd ${home} && { setsid nohup sh -c 'sleep 1; echo survived > detached.out' >detached.log 2>&1 </dev/null & echo $!; }`);
    assert.equal(started.code, 0);
    await local.close();
    await until(() => fs.existsSync(`${home}/detached.out`), 'the detached process to finish', 5000);
    assert.equal(fs.readFileSync(`${home}/detached.out`, 'utf8'), 'survived\n');
    fs.rmSync(`${home}/detached.out`);
  });
});
