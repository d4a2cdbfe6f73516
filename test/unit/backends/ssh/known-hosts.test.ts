import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  appendKnownHost, fingerprintSha256, hostMatches, judgeHostKey, keyTypeOf, knownHostName, parseKnownHosts, readKnownHosts,
} from '../../../../src/backends/ssh/known-hosts';
import { removeDir, tempDir } from '../../support/temp';

/** A real key made by ssh-keygen: its blob, and ssh-keygen's own fingerprint of it. */
function realKey(dir: string, name: string): { blob: Buffer; type: string; fingerprint: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  const [type = '', b64 = ''] = fs.readFileSync(`${file}.pub`, 'utf8').split(' ');
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`]).toString().split(' ')[1] ?? '';
  return { blob: Buffer.from(b64, 'base64'), type, fingerprint };
}

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('known_hosts', () => {
  let dir = '';
  let a: ReturnType<typeof realKey>;
  let b: ReturnType<typeof realKey>;
  before(() => {
    dir = tempDir('rung-kh-');
    a = realKey(dir, 'a');
    b = realKey(dir, 'b');
  });
  after(() => removeDir(dir));

  it("computes ssh-keygen's SHA256 fingerprint and reads the key type from the blob", () => {
    assert.equal(fingerprintSha256(a.blob), a.fingerprint);
    assert.equal(keyTypeOf(a.blob), 'ssh-ed25519');
  });

  it('files port 22 under the bare name and other ports as [host]:port', () => {
    assert.equal(knownHostName('gpu1', 22), 'gpu1');
    assert.equal(knownHostName('10.0.0.1', 2222), '[10.0.0.1]:2222');
  });

  it('matches hashed names, comma lists, wildcards and negation', () => {
    assert.equal(hostMatches(hashed('[10.0.0.1]:2222'), '[10.0.0.1]:2222'), true);
    assert.equal(hostMatches(hashed('[10.0.0.1]:2222'), '10.0.0.1'), false);
    assert.equal(hostMatches('gpu1,10.0.0.11', '10.0.0.11'), true);
    assert.equal(hostMatches('*.lab,!gpu9.lab', 'gpu2.lab'), true);
    assert.equal(hostMatches('*.lab,!gpu9.lab', 'gpu9.lab'), false);
    assert.equal(hostMatches('gpu?', 'gpu12'), false);
  });

  it('finds a hashed [host]:port entry, reports a changed key with file and line, and refuses a revoked one', () => {
    const file = path.join(dir, 'known_hosts');
    fs.writeFileSync(file, [
      '# comment',
      '@cert-authority *.lab ssh-ed25519 AAAAignored',
      `${hashed('[10.0.0.1]:2222')} ${a.type} ${a.blob.toString('base64')}`,
      `other,gpu7 ${b.type} ${b.blob.toString('base64')}`,
      `@revoked * ${b.type} ${b.blob.toString('base64')}`,
      '',
    ].join('\n'));
    const entries = readKnownHosts([path.join(dir, 'missing'), file]);
    assert.equal(entries.length, 4);
    assert.equal(judgeHostKey(entries, '[10.0.0.1]:2222', a.type, a.blob).kind, 'known');
    const changed = judgeHostKey(entries, '[10.0.0.1]:2222', b.type, b.blob);
    assert.equal(changed.kind, 'revoked');
    const onlyHashed = parseKnownHosts(fs.readFileSync(file, 'utf8').split('\n').slice(0, 3).join('\n'), file);
    const verdict = judgeHostKey(onlyHashed, '[10.0.0.1]:2222', b.type, b.blob);
    assert.deepEqual(verdict.kind === 'changed' ? [verdict.entry.file, verdict.entry.line] : verdict, [file, 3]);
    assert.equal(judgeHostKey(entries, 'unseen', a.type, a.blob).kind, 'unknown');
  });

  it('appends a new host the way ssh writes it, and finds it afterwards', () => {
    const file = path.join(dir, 'fresh', '.ssh', 'known_hosts');
    appendKnownHost(file, '[127.0.0.9]:2222', a.type, a.blob);
    fs.appendFileSync(file, 'no-newline-at-end ssh-ed25519 AAAA');
    appendKnownHost(file, 'gpu1', b.type, b.blob);
    const entries = readKnownHosts([file]);
    assert.equal(judgeHostKey(entries, '[127.0.0.9]:2222', a.type, a.blob).kind, 'known');
    assert.equal(judgeHostKey(entries, 'gpu1', b.type, b.blob).kind, 'known');
    // OpenSSH's own client agrees with what was written.
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.9]:2222', '-f', file]).toString();
    assert.match(found, /ssh-ed25519/);
  });
});
