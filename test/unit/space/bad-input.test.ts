/**
 * Hostile and odd files: each must end in diagnostics (or, for the CLI, a
 * clear one-line error), never a crash, a hang or a stack trace. The work runs
 * in a child process under a timeout, so a hang fails the test instead of
 * stalling it; how fast each input is checked is measured in bench/.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { badInputs } from '../../../bench/bad-inputs';
import { runCli } from './harness';

const LIMIT_MS = 5000;
/** Compiled to out/test/unit/space; the compiled core is under out/src. */
const CORE = path.resolve(__dirname, '..', '..', '..', 'src', 'core', 'space');

/** Checks a file with the core in a fresh process, exactly as the CLI decodes it; prints the diagnostics' codes. */
const CHILD = `
const fs = require('node:fs');
const { decodeStudyBytes } = require(process.argv[1] + '/parse.js');
const { checkStudy } = require(process.argv[1] + '/validate.js');
const decoded = decodeStudyBytes(fs.readFileSync(process.argv[2]));
const ds = 'text' in decoded ? checkStudy(decoded.text).diagnostics : [decoded.problem];
process.stdout.write(JSON.stringify(ds.map((d) => ({ code: d.code, message: d.message }))));
`;

function checkInChild(file: string): { code: string; message: string }[] {
  const r = spawnSync(process.execPath, ['-e', CHILD, CORE, file], { encoding: 'utf8', timeout: LIMIT_MS, maxBuffer: 256 * 1024 * 1024 });
  assert.equal(r.error, undefined, `the core did not finish within ${LIMIT_MS} ms: ${r.error?.message}`);
  assert.equal(r.signal, null);
  assert.equal(r.stderr, '', 'the core wrote nothing to stderr');
  assert.equal(r.status, 0);
  return JSON.parse(r.stdout) as { code: string; message: string }[];
}

describe('bad input', () => {
  let dir = '';
  const files = new Map<string, string>();
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-bad-'));
    for (const input of badInputs()) {
      const file = path.join(dir, `${input.name}.rung.yaml`);
      fs.writeFileSync(file, input.bytes);
      files.set(input.name, file);
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const input of badInputs()) {
    it(`${input.name}: ${input.expect.length ? input.expect.join(', ') : 'no diagnostics'}, in the core and the CLI`, () => {
      const file = files.get(input.name) as string;
      const core = checkInChild(file);
      const codes = [...new Set(core.map((d) => d.code))].sort();
      assert.deepEqual(codes, [...input.expect].sort(), core.map((d) => `${d.code}: ${d.message}`).slice(0, 5).join('\n'));
      assert.ok(!codes.includes('internal'), 'no rule threw');
      for (const d of core) assert.doesNotMatch(d.message, /\n\s+at |Error:/, 'messages are sentences, not stacks');

      const cli = runCli(['check', '--json', file], LIMIT_MS);
      assert.equal(cli.error, undefined, `rung check did not finish within ${LIMIT_MS} ms`);
      assert.equal(cli.stderr, '');
      assert.equal(cli.status, input.expect.length === 0 ? 0 : core.some((d) => d.code !== 'unknown-host' && !['duplicate-choice', 'unused-parameter', 'stray-brace', 'asha-needs-resource', 'energy-range'].includes(d.code)) ? 1 : 0);
      const reported = JSON.parse(cli.stdout) as { code: string }[];
      assert.deepEqual([...new Set(reported.map((d) => d.code))].sort(), codes, 'the CLI says what the core says');
    });
  }

  it('CRLF and a BOM change no diagnostic and no line', () => {
    const lf = 'command: python t.py --lr {lr} --x {x}\nspace:\n  lr: {uniform: [1, 0]}\n  opt: {choice: [a, a]}\nobjectives:\n  loss: {mode: up}\n';
    const write = (name: string, text: string) => { const f = path.join(dir, name); fs.writeFileSync(f, text); return f; };
    const lines = (f: string) => (JSON.parse(runCli(['check', '--json', f], LIMIT_MS).stdout) as { code: string; line: number; column: number }[]).map((d) => `${d.code}@${d.line}:${d.column}`);
    const expected = lines(write('lf.rung.yaml', lf));
    assert.ok(expected.length >= 4);
    assert.deepEqual(lines(write('crlf.rung.yaml', lf.replace(/\n/g, '\r\n'))), expected);
    assert.deepEqual(lines(write('bom.rung.yaml', `\uFEFF${lf}`)), expected);
    assert.deepEqual(lines(write('cr.rung.yaml', lf.replace(/\n/g, '\r'))), expected);
  });
});
