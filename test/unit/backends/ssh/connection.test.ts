import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { KeyRing } from '../../../../src/backends/ssh/auth';
import { SshConnection, type ConnectionOptions, type HostState } from '../../../../src/backends/ssh/connection';
import { SshError } from '../../../../src/backends/ssh/errors';
import { resolveHost, type HostOverride, type SshEndpoint } from '../../../../src/backends/ssh/host-config';
import type { Prompter } from '../../../../src/backends/ssh/prompter';
import { SshShell } from '../../../../src/backends/ssh/ssh-shell';
import { until } from '../../support/temp';
import { useSshds } from './sshd';

const sshds = useSshds();

/** A Prompter that records what it was asked and answers from a script. */
function scriptedPrompter(answers: { passphrase?: string; trust?: boolean }): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    passphrase: async (keyPath) => {
      asked.push(`passphrase ${keyPath}`);
      return answers.passphrase;
    },
    confirmHostKey: async (host, fingerprint, keyType) => {
      asked.push(`host ${host} ${fingerprint} ${keyType}`);
      return answers.trust ?? false;
    },
  };
}

function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)]).toString().trim().split('\n').map(Number);
  } catch {
    return [];
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

describe('SshConnection against real sshds', () => {
  const open: SshConnection[] = [];
  after(async () => {
    await Promise.all(open.map((c) => c.close()));
  });
  const endpoint = (alias: string, override: HostOverride = {}, patch: Partial<SshEndpoint> = {}): SshEndpoint => ({ ...resolveHost(alias, override, sshds().resolve), ...patch });
  const connect = (e: SshEndpoint, options: Partial<ConnectionOptions> = {}): SshConnection => {
    const c = new SshConnection(e, { keyRing: new KeyRing(), agentSocket: '', backoffMs: 20, backoffMaxMs: 200, ...options });
    open.push(c);
    return c;
  };
  const failure = async (c: SshConnection): Promise<SshError> => {
    try {
      await c.client();
    } catch (e) {
      assert.ok(e instanceof SshError, `expected an SshError, got ${String(e)}`);
      return e;
    }
    throw new Error('the connection succeeded');
  };
  const hostKeyFingerprint = (n: number): string => execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', sshds().get(`RUNG_SSH_HOSTKEY_${n}`)]).toString().split(' ')[1] ?? '';
  const freshKnownHosts = (name: string, text = ''): string => {
    const file = path.join(sshds().dir, `${name}-${Date.now()}`);
    fs.writeFileSync(file, text);
    return file;
  };

  it('logs in with a key file and reports its state', async () => {
    const c = connect(endpoint('rung-h2'));
    const states: HostState[] = [];
    c.onState((s) => states.push(s));
    assert.equal(c.state, 'idle');
    await c.client();
    assert.equal(c.state, 'up');
    assert.deepEqual(states, ['connecting', 'up']);
    assert.equal(c.generation, 1);
  });

  it('says the key was refused, names it, and marks the host down at once', async () => {
    const bad = sshds().get('RUNG_SSH_KEY_UNAUTHORISED');
    const c = connect(endpoint('rung-h2', { identityFile: bad }));
    const e = await failure(c);
    assert.equal(e.failure, 'auth');
    assert.match(e.message, /^rung-h2 \(rungh2@127\.0\.0\.2:\d+\) refused the login: Rung offered .*client_key_unauthorised\. Check the user name/);
    assert.equal(c.state, 'down');
  });

  it('says nothing listens on a closed port, and reports the host down after repeated failures', async () => {
    const c = connect(endpoint('rung-h2', {}, { hostName: '127.0.0.5' }), { maxFailures: 2 });
    const states: HostState[] = [];
    c.onState((s) => states.push(s));
    const e = await failure(c);
    assert.equal(e.failure, 'refused');
    assert.match(e.message, /refused the connection: no SSH server listens on port \d+ there/);
    assert.deepEqual(states, ['connecting', 'down']);
    // While down it answers at once with the reason instead of waiting.
    await assert.rejects(c.client(), /refused the connection/);
  });

  it('gives up on a server that accepts the connection but never speaks SSH', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const c = connect(endpoint('rung-h2', {}, { hostName: '127.0.0.1', port }), { maxFailures: 1, handshakeTimeoutMs: 300 });
      const e = await failure(c);
      assert.equal(e.failure, 'timeout');
      assert.match(e.message, /did not complete the SSH handshake and login within 300 ms/);
    } finally {
      silent.close();
    }
  });

  it('refuses a changed host key, naming the known_hosts file and line', async () => {
    const port = sshds().get('RUNG_SSH_PORT');
    const h3Key = fs.readFileSync(sshds().get('RUNG_SSH_HOSTKEY_3'), 'utf8').split(' ').slice(0, 2).join(' ');
    const file = freshKnownHosts('known-changed', `# first line\n[127.0.0.2]:${port} ${h3Key}\n`);
    const c = connect(endpoint('rung-h2', {}, { knownHostsFiles: [file] }), { acceptNewHostKey: true });
    const e = await failure(c);
    assert.equal(e.failure, 'host-key');
    assert.ok(e.message.includes(`from the one recorded in ${file}:2`), e.message);
    assert.ok(e.message.includes(hostKeyFingerprint(2)), e.message);
    assert.match(e.message, /ssh-keygen -R/);
    assert.equal(c.state, 'down');
  });

  it('refuses an unknown host when nobody confirms it, and when the person says no', async () => {
    const nobody = connect(endpoint('rung-h2', {}, { knownHostsFiles: [freshKnownHosts('known-empty')] }));
    assert.match((await failure(nobody)).message, /is not in known_hosts \(ssh-ed25519 SHA256:.*\) and nobody could be asked/);
    const prompter = scriptedPrompter({ trust: false });
    const file = freshKnownHosts('known-declined');
    const declined = connect(endpoint('rung-h2', {}, { knownHostsFiles: [file] }), { prompter });
    assert.match((await failure(declined)).message, /the host key was not accepted/);
    assert.deepEqual(prompter.asked, [`host [127.0.0.2]:${sshds().get('RUNG_SSH_PORT')} ${hostKeyFingerprint(2)} ssh-ed25519`]);
    assert.equal(fs.readFileSync(file, 'utf8'), '');
  });

  it('trusts an unknown host the person confirms, or any new one with acceptNewHostKey, and writes it down', async () => {
    const port = sshds().get('RUNG_SSH_PORT');
    const confirmed = freshKnownHosts('known-confirmed');
    await connect(endpoint('rung-h2', {}, { knownHostsFiles: [confirmed] }), { prompter: scriptedPrompter({ trust: true }) }).client();
    const accepted = freshKnownHosts('known-accepted');
    await connect(endpoint('rung-h3', {}, { knownHostsFiles: [accepted] }), { acceptNewHostKey: true }).client();
    for (const [file, n] of [[confirmed, 2], [accepted, 3]] as const) {
      // OpenSSH's client now trusts the host through the file Rung wrote.
      const out = execFileSync('ssh', ['-F', '/dev/null', '-i', sshds().get('RUNG_SSH_KEY'), '-p', port, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes',
        '-o', `UserKnownHostsFile=${file}`, `rungh${n}@127.0.0.${n}`, 'echo trusted']).toString();
      assert.equal(out, 'trusted\n');
    }
  });

  it('asks for an encrypted key passphrase once, and says so when it is not given', async () => {
    const key = sshds().get('RUNG_SSH_KEY_ENCRYPTED');
    const prompter = scriptedPrompter({ passphrase: sshds().get('RUNG_SSH_KEY_PASSPHRASE') });
    const keyRing = new KeyRing(prompter);
    await connect(endpoint('rung-h2', { identityFile: key }), { keyRing }).client();
    await connect(endpoint('rung-h3', { identityFile: key }), { keyRing }).client();
    assert.deepEqual(prompter.asked, [`passphrase ${key}`]);
    // Hosts logging in at the same moment with the same key: still one question.
    const together = scriptedPrompter({ passphrase: sshds().get('RUNG_SSH_KEY_PASSPHRASE') });
    // A person takes a moment to type: the other logins reach the key meanwhile.
    const shared = new KeyRing({ ...together, passphrase: async (k) => { const answer = await together.passphrase(k); await new Promise((r) => setTimeout(r, 300)); return answer; } });
    await Promise.all(['rung-h2', 'rung-h3', 'rung-h4'].map((h) => connect(endpoint(h, { identityFile: key }), { keyRing: shared }).client()));
    assert.deepEqual(together.asked, [`passphrase ${key}`]);
    const declined = connect(endpoint('rung-h2', { identityFile: key }), { keyRing: new KeyRing(scriptedPrompter({})) });
    assert.match((await failure(declined)).message, /not offered: .*client_key_encrypted: passphrase not given/);
  });

  it('logs in with a key held by ssh-agent, and offers only the IdentityFiles when IdentitiesOnly is set', async () => {
    const socket = path.join(sshds().dir, 'agent.sock');
    const out = execFileSync('ssh-agent', ['-a', socket]).toString();
    const pid = /SSH_AGENT_PID=(\d+)/.exec(out)?.[1];
    assert.ok(pid, out);
    try {
      execFileSync('ssh-add', [sshds().get('RUNG_SSH_KEY')], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      const noFiles = endpoint('rung-h2', {}, { identityFiles: [], identitiesOnly: false });
      await connect(noFiles, { agentSocket: socket }).client();
      const restricted = endpoint('rung-h2', { identityFile: sshds().get('RUNG_SSH_KEY_UNAUTHORISED') });
      assert.equal(restricted.identitiesOnly, true);
      const e = await failure(connect(restricted, { agentSocket: socket }));
      assert.equal(e.failure, 'auth');
    } finally {
      process.kill(Number(pid));
    }
  });

  it('logs in again after its sshd session is killed, with a new SFTP session', async () => {
    const c = connect(endpoint('rung-h2'));
    const shell = new SshShell(c);
    const home = sshds().get('RUNG_SSH_HOME_2');
    await shell.writeFile(`${home}/before.txt`, 'before');
    const states: HostState[] = [];
    c.onState((s) => states.push(s));
    // Every sshd process serving a connection descends from this test server's listener.
    const sessions = descendants(Number(sshds().get('RUNG_SSHD_PID_2')));
    assert.ok(sessions.length > 0);
    for (const pid of sessions) process.kill(pid, 'SIGKILL');
    await until(() => states.includes('up'), 'the connection to come back', 10_000);
    assert.deepEqual(states.slice(0, 2), ['reconnecting', 'up']);
    assert.equal(c.generation, 2);
    assert.equal((await shell.exec('echo again')).stdout, 'again\n');
    assert.equal(Buffer.from((await shell.readFile(`${home}/before.txt`)) ?? []).toString(), 'before');
  });

  it('marks a host down when its sshd goes away, fails fast meanwhile, and comes back when it returns', async () => {
    const c = connect(endpoint('rung-h4'), { maxFailures: 2 });
    await c.client();
    const states: HostState[] = [];
    c.onState((s) => states.push(s));
    const config = path.join(sshds().dir, 'h4', 'sshd_config');
    const master = fs.readFileSync(path.join(sshds().dir, 'h4', 'sshd.pid'), 'utf8').trim();
    for (const pid of descendants(Number(master))) process.kill(pid, 'SIGKILL');
    process.kill(Number(master), 'SIGTERM');
    await until(() => c.state === 'down', 'the host to be marked down', 10_000);
    await assert.rejects(c.client(), (e: unknown) => e instanceof SshError && e.failure === 'refused');
    execFileSync('/usr/sbin/sshd', ['-f', config, '-E', path.join(sshds().dir, 'h4', 'sshd.log')]);
    await until(() => c.state === 'up', 'the host to come back', 15_000);
    assert.deepEqual(states, ['reconnecting', 'down', 'up']);
  });
});
