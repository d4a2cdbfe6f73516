/**
 * The fixture corpus against the language contract: every file under
 * test/fixtures/invalid lists in NAME.expected exactly the diagnostics it must
 * get (`code@line`), every file under test/fixtures/valid must get none, and the
 * core and `rung check --json` must agree on all of it, position for position.
 */
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWithCore, codeLines, expectationsOf, FIXTURES, runCli, studyFiles } from './harness';

const CONTRACT_CODES = [
  'yaml-syntax', 'unknown-key', 'missing-key', 'wrong-type', 'bad-distribution', 'bounds-order', 'log-nonpositive',
  'step-too-large', 'empty-choice', 'duplicate-choice', 'duplicate-key', 'undefined-placeholder', 'unused-parameter',
  'bad-condition', 'condition-cycle', 'no-objective', 'bad-mode', 'bad-pattern', 'asha-budget', 'asha-needs-resource',
  'grid-infinite', 'hosts-and-slurm', 'unknown-host', 'base-config-missing', 'base-config-key', 'budget-unit', 'energy-range',
];
const RUNG_CODES = ['not-text', 'file-too-large', 'bad-name', 'stray-brace', 'bad-value', 'table-missing'];
const JSON_FIELDS = ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message'].sort();

interface CliDiagnostic {
  file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string;
}

function cliCheck(file: string): { status: number | null; diagnostics: CliDiagnostic[]; stderr: string } {
  const r = runCli(['check', '--json', file]);
  assert.equal(r.error, undefined, `rung check ${file} did not run: ${r.error?.message}`);
  return { status: r.status, diagnostics: JSON.parse(r.stdout) as CliDiagnostic[], stderr: r.stderr };
}

function assertJsonShape(d: CliDiagnostic, file: string): void {
  assert.deepEqual(Object.keys(d).sort(), JSON_FIELDS);
  assert.equal(d.file, file);
  for (const k of ['line', 'column', 'endLine', 'endColumn'] as const) assert.ok(Number.isInteger(d[k]) && d[k] >= 1, `${k} is 1-based: ${d[k]}`);
  assert.ok(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column), 'the range ends after it starts');
  assert.ok(['error', 'warning', 'info'].includes(d.severity));
  assert.ok(d.message.length > 10 && !/\n\s+at /.test(d.message), 'the message is a sentence, not a stack');
}

/** The core's view and the CLI's view of one file must be the same list, position for position. */
function assertAgree(file: string, cli: CliDiagnostic[]): void {
  const core = checkWithCore(file);
  assert.deepEqual(
    cli.map((d) => ({ code: d.code, severity: d.severity, message: d.message, at: [d.line, d.column, d.endLine, d.endColumn] })),
    core.map((c) => ({ code: c.diagnostic.code, severity: c.diagnostic.severity, message: c.diagnostic.message, at: [c.line, c.column, c.endLine, c.endColumn] })),
  );
}

describe('valid fixtures', () => {
  const files = studyFiles(path.join(FIXTURES, 'valid'));

  it('cover the shapes of study the language promises', () => {
    const names = files.map((f) => path.basename(f));
    for (const n of ['full-example.rung.yaml', 'minimal.rung.yaml', 'rung.yaml', 'crlf.rung.yaml', 'bom.rung.yaml', 'table.rung.yaml', 'slurm.rung.yaml']) assert.ok(names.includes(n), n);
    assert.ok(names.some((n) => n.endsWith('.rung.yml')));
    assert.ok(files.length >= 15);
  });

  for (const file of files) {
    it(`${path.basename(file)} has no diagnostics in the core or the CLI`, () => {
      assert.deepEqual(checkWithCore(file).map((d) => `${d.diagnostic.code}@${d.line}: ${d.diagnostic.message}`), []);
      const r = cliCheck(file);
      assert.deepEqual(r.diagnostics, []);
      assert.equal(r.status, 0);
      assert.equal(r.stderr, '');
    });
  }
});

describe('invalid fixtures', () => {
  const files = studyFiles(path.join(FIXTURES, 'invalid'));

  it('cover every code of the contract and every code Rung adds', () => {
    const seen = new Set(files.flatMap((f) => expectationsOf(f).map((e) => e.split('@')[0])));
    for (const code of [...CONTRACT_CODES, ...RUNG_CODES]) assert.ok(seen.has(code), `no fixture expects ${code}`);
    assert.ok(files.length >= 40, `${files.length} invalid fixtures`);
  });

  for (const file of files) {
    it(`${path.basename(file)} gets exactly its expected diagnostics`, () => {
      const expected = expectationsOf(file);
      assert.ok(expected.length > 0, 'an invalid fixture expects at least one diagnostic');
      const core = checkWithCore(file);
      assert.deepEqual(codeLines(core.map((d) => ({ code: d.diagnostic.code, line: d.line }))), expected, 'core');
      const r = cliCheck(file);
      assert.deepEqual(codeLines(r.diagnostics), expected, 'rung check --json');
      for (const d of r.diagnostics) assertJsonShape(d, file);
      assertAgree(file, r.diagnostics);
      assert.equal(r.status, r.diagnostics.some((d) => d.severity === 'error') ? 1 : 0, 'exit 1 exactly when there is an error');
      assert.equal(r.stderr, '');
    });
  }
});

describe('rung check exit status and output', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-check-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const valid = path.join(FIXTURES, 'valid', 'minimal.rung.yaml');
  const warningOnly = path.join(FIXTURES, 'invalid', 'unused-parameter.rung.yaml');
  const broken = path.join(FIXTURES, 'invalid', 'bounds-order.rung.yaml');

  it('exits 0 for warnings only, 1 for errors', () => {
    assert.equal(runCli(['check', valid]).status, 0);
    assert.equal(runCli(['check', warningOnly]).status, 0);
    assert.equal(runCli(['check', broken]).status, 1);
    assert.equal(runCli(['check', valid, broken]).status, 1);
  });

  it('exits 2 with a one-line reason for a missing file, a folder and an unknown flag', () => {
    const missing = runCli(['check', path.join(tmp, 'nope.rung.yaml')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*nope\.rung\.yaml: no such file/);
    const both = runCli(['check', '--json', valid, path.join(tmp, 'nope.rung.yaml')]);
    assert.equal(both.status, 2, 'an unreadable file wins over a clean one');
    assert.deepEqual(JSON.parse(both.stdout), []);
    assert.equal(runCli(['check', tmp]).status, 2);
    const flag = runCli(['check', '--jsno', valid]);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /unknown option --jsno/);
    assert.equal(runCli(['check']).status, 2);
    for (const r of [missing, flag]) assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('prints file:line:col severity code message without --json', () => {
    const r = runCli(['check', broken]);
    const first = r.stdout.split('\n')[0] as string;
    assert.match(first, /^.*bounds-order\.rung\.yaml:3:20 error bounds-order 'lr' has lo \(0\.01\) above hi \(0\.0001\)/);
  });

  it('checks several files in one run, in the order given', () => {
    const r = runCli(['check', '--json', broken, warningOnly]);
    const files = (JSON.parse(r.stdout) as CliDiagnostic[]).map((d) => path.basename(d.file));
    assert.deepEqual([...new Set(files)], ['bounds-order.rung.yaml', 'unused-parameter.rung.yaml']);
  });
});
