import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalShell } from '../../../../src/backends/shell/local-shell';

const shell = new LocalShell();

test('exec reports the exit status, both streams and reads stdin', async () => {
  const r = await shell.exec('read x; echo "got $x"; echo oops >&2; exit 3', { stdin: 'hi\n' });
  assert.deepEqual(r, { code: 3, stdout: 'got hi\n', stderr: 'oops\n' });
});

test('exec rejects a command that outlives its timeout, and kills it', async () => {
  await assert.rejects(shell.exec('sleep 5', { timeoutMs: 100 }), /did not finish within 100 ms/);
});

test('stream hands over output as it is written and ends when closed', async () => {
  const chunks: string[] = [];
  const s = shell.stream('sh -c "echo one; sleep 10"', (t) => chunks.push(t));
  while (chunks.join('') !== 'one\n') await new Promise((r) => setTimeout(r, 10));
  s.close();
  const end = await s.ended;
  assert.equal(end.signal, 'SIGTERM');
});

test('files are written whole and read from an offset; a missing one is undefined', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-shell-'));
  const file = path.join(dir, 'log');
  await shell.writeFile(file, 'hello world', 0o600);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(Buffer.from((await shell.readFile(file, 6))!).toString(), 'world');
  assert.equal(Buffer.from((await shell.readFile(file, 0, 5))!).toString(), 'hello');
  assert.equal((await shell.readFile(file, 11))!.length, 0);
  assert.equal(await shell.readFile(path.join(dir, 'none')), undefined);
  assert.deepEqual(fs.readdirSync(dir), ['log']);
});
