import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { removeDir, tempDir } from '../support/temp';

/** A script that asks both questions through the terminal prompter and prints the answers. */
const PROGRAM = `
const { terminalPrompter } = require(${JSON.stringify(path.join(__dirname, '..', '..', '..', 'src', 'cli', 'ssh-prompter.js'))});
const p = terminalPrompter();
(async () => {
  for (const ask of [() => p.passphrase('/keys/id_test'), () => p.confirmHostKey('[gpu1]:2222', 'SHA256:abc', 'ssh-ed25519')]) {
    try { console.log('ANSWER ' + JSON.stringify(await ask())); } catch (e) { console.log('REFUSED ' + e.message); }
  }
})();
`;

describe('terminalPrompter', () => {
  it('reads a passphrase without echo and a yes/no on a real terminal', async () => {
    // `script` runs the program on a fresh pseudo-terminal, as a person's shell would.
    const dir = tempDir('rung-prompter-');
    const program = path.join(dir, 'ask.js');
    fs.writeFileSync(program, PROGRAM);
    const child = spawn('script', ['-qec', `node ${program}`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const replies: Array<[RegExp, string]> = [[/Enter passphrase for key '\/keys\/id_test': $/, 'pass phrase\r'], [/\(yes\/no\)\? $/, 'perhaps\r'], [/Please type 'yes' or 'no'\.\r?\n.*\(yes\/no\)\? $/s, 'yes\r']];
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      output += s;
      const next = replies[0];
      if (next && next[0].test(output)) {
        replies.shift();
        child.stdin.write(next[1]);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    removeDir(dir);
    assert.equal(code, 0, output);
    assert.match(output, /ANSWER "pass phrase"/);
    assert.equal(output.includes('pass phrase\r\n'), false, 'the passphrase was echoed');
    assert.match(output, /ssh-ed25519 key fingerprint is SHA256:abc\./);
    assert.match(output, /ANSWER true/);
  });

  it('refuses without a terminal and says what to do instead', () => {
    const r = spawnSync('setsid', ['node', '-e', PROGRAM], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /REFUSED \/keys\/id_test is encrypted and there is no terminal to ask for its passphrase; load it into ssh-agent \(ssh-add \/keys\/id_test\)/);
    assert.match(r.stdout, /REFUSED \[gpu1\]:2222 is not in known_hosts .* pass --accept-new-host-key/);
  });
});
