import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseJump, resolveHost, SshConfigError } from '../../../../src/backends/ssh/host-config';
import { removeDir, tempDir } from '../../support/temp';

describe('resolveHost through ~/.ssh/config', () => {
  let home = '';
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), text);
  };
  const resolve = (alias: string, override = {}) => resolveHost(alias, override, { home, localUser: 'me' });
  beforeEach(() => {
    home = tempDir('rung-home-');
  });
  afterEach(() => removeDir(home));

  it('reads HostName, User, Port, several IdentityFiles with ~ and tokens, and IdentitiesOnly', () => {
    write('.ssh/config', [
      'Host gpu1',
      '  HostName 10.0.0.11',
      '  User alice',
      '  Port 2200',
      '  IdentityFile ~/.ssh/id_gpu',
      '  IdentityFile "/keys/%r@%h"',
      '  IdentitiesOnly yes',
      '  UserKnownHostsFile ~/.ssh/known_gpu',
      'Host *',
      '  User fallback',
      '  Port 22',
    ].join('\n'));
    const e = resolve('gpu1');
    assert.equal(e.hostName, '10.0.0.11');
    assert.equal(e.user, 'alice');
    assert.equal(e.port, 2200);
    assert.deepEqual(e.identityFiles, [path.join(home, '.ssh', 'id_gpu'), '/keys/alice@10.0.0.11']);
    assert.equal(e.identitiesOnly, true);
    assert.deepEqual(e.knownHostsFiles, [path.join(home, '.ssh', 'known_gpu')]);
    assert.deepEqual(e.jumps, []);
  });

  it('falls back to the alias as host name, the local user, port 22 and the default keys', () => {
    const e = resolve('plain.example.org');
    assert.deepEqual([e.hostName, e.user, e.port, e.identitiesOnly], ['plain.example.org', 'me', 22, false]);
    assert.deepEqual(e.identityFiles, ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((k) => path.join(home, '.ssh', k)));
    assert.deepEqual(e.knownHostsFiles, [path.join(home, '.ssh', 'known_hosts'), path.join(home, '.ssh', 'known_hosts2')]);
  });

  it("lets the study's hosts: entry override user, port and key", () => {
    write('.ssh/config', 'Host gpu1\n  HostName 10.0.0.11\n  User alice\n  Port 2200\n  IdentityFile ~/.ssh/a\n  IdentityFile ~/.ssh/b\n');
    const e = resolve('gpu1', { user: 'bob', port: 2022, identityFile: '~/keys/study_key' });
    assert.deepEqual([e.hostName, e.user, e.port], ['10.0.0.11', 'bob', 2022]);
    assert.deepEqual(e.identityFiles, [path.join(home, 'keys', 'study_key')]);
  });

  it('follows Include (relative to ~/.ssh, with globs) and Match host / user', () => {
    write('.ssh/config', 'Include conf.d/*.conf\nHost *\n  User nobody\n');
    write('.ssh/conf.d/10-lab.conf', 'Host lab\n  HostName lab.example.org\nMatch host lab.example.org user root\n  Port 2222\n');
    write('.ssh/conf.d/20-other.conf', 'Host other\n  HostName other.example.org\n  User carol\n');
    write('.ssh/conf.d/ignored.txt', 'Host lab\n  HostName wrong\n');
    assert.equal(resolve('lab').hostName, 'lab.example.org');
    assert.equal(resolve('lab').user, 'nobody');
    assert.equal(resolve('lab').port, 22);
    assert.equal(resolve('lab', { user: 'root' }).port, 2222);
    assert.equal(resolve('other').user, 'carol');
  });

  it('chains ProxyJump hosts, each resolved through the config, the first with its own jump', () => {
    write('.ssh/config', [
      'Host target',
      '  HostName 10.1.0.5',
      '  ProxyJump bastion2,ops@10.9.9.9:2022',
      'Host bastion2',
      '  HostName b2.example.org',
      '  User jumper',
      '  ProxyJump edge',
      'Host edge',
      '  HostName edge.example.org',
      '  Port 443',
    ].join('\n'));
    const e = resolve('target');
    assert.deepEqual(e.jumps.map((j) => `${j.user}@${j.hostName}:${j.port}`), ['me@edge.example.org:443', 'jumper@b2.example.org:22', 'ops@10.9.9.9:2022']);
    assert.ok(e.jumps.every((j) => j.jumps.length === 0));
  });

  it('stops a ProxyJump loop with a message that says where to look', () => {
    write('.ssh/config', 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n');
    assert.throws(() => resolve('a'), (e: unknown) => e instanceof SshConfigError && /ProxyJump.*loop/.test(e.message));
  });

  it('rejects a bad Port with a clear message', () => {
    write('.ssh/config', 'Host bad\n  Port twenty\n');
    assert.throws(() => resolve('bad'), /Port 'twenty' for 'bad' in ~\/.ssh\/config is not a port number/);
  });

  it('reads StrictHostKeyChecking accept-new and IdentityAgent none', () => {
    write('.ssh/config', 'Host new\n  StrictHostKeyChecking accept-new\n  IdentityAgent none\n');
    const e = resolve('new');
    assert.equal(e.acceptNewHostKey, true);
    assert.equal(e.identityAgent, 'none');
  });

  it('parses jump specs in every form ssh accepts', () => {
    assert.deepEqual(parseJump('host'), { host: 'host' });
    assert.deepEqual(parseJump('u@host:2200'), { host: 'host', user: 'u', port: 2200 });
    assert.deepEqual(parseJump('ssh://u@host:2200'), { host: 'host', user: 'u', port: 2200 });
    assert.deepEqual(parseJump('[::1]:2222'), { host: '::1', port: 2222 });
    assert.throws(() => parseJump('u@'), /is not \[user@\]host\[:port\]/);
  });
});
