/**
 * Shared by the language tests: the fixture corpus, a private HOME whose
 * ~/.ssh/config is the fixtures' ssh_config, the core checked exactly as the
 * CLI checks a file, and the CLI bundled from the current sources.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { buildSync } from 'esbuild';
import { LineIndex } from '../../../src/core/space/line-index';
import { decodeStudyBytes } from '../../../src/core/space/parse';
import { checkStudy } from '../../../src/core/space/validate';
import type { Diagnostic } from '../../../src/core/space/diagnostic';
import { studyEnvironment } from '../../../src/storage/study-environment';

/** Compiled to out/test/unit/space, so the repository root is four levels up. */
export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

const STUDY_FILE = /(\.rung\.ya?ml|^rung\.yaml)$/;

export function studyFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => STUDY_FILE.test(f)).sort().map((f) => path.join(dir, f));
}

let home: string | undefined;
const temporary: string[] = [];
process.on('exit', () => { for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true }); });

/** A HOME with the fixtures' ssh config, so unknown-host never depends on the machine. */
export function fixtureHome(): string {
  if (home) return home;
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-home-'));
  temporary.push(home);
  fs.mkdirSync(path.join(home, '.ssh'));
  fs.copyFileSync(path.join(FIXTURES, 'ssh_config'), path.join(home, '.ssh', 'config'));
  return home;
}

export interface Located {
  readonly diagnostic: Diagnostic;
  /** 1-based, as rung check prints them. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** What the core says of a file on disk, decoded and given an environment exactly as `rung check` does. */
export function checkWithCore(file: string): Located[] {
  const decoded = decodeStudyBytes(fs.readFileSync(file));
  const text = 'text' in decoded ? decoded.text : decoded.shown;
  const env = studyEnvironment(file, path.join(fixtureHome(), '.ssh', 'config'));
  const diagnostics = 'text' in decoded ? checkStudy(text, env).diagnostics : [decoded.problem];
  const lines = new LineIndex(text);
  return diagnostics.map((d) => {
    const s = lines.position(d.span.start);
    const e = lines.position(d.span.end);
    return { diagnostic: d, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  });
}

let cli: string | undefined;

/**
 * The CLI bundled from the current sources (the same entry and platform as
 * scripts/build.mjs), into a private folder: test files run in parallel and
 * must neither race on dist/ nor run a stale build.
 */
export function cliPath(): string {
  if (cli) return cli;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-cli-'));
  temporary.push(dir);
  const outfile = path.join(dir, 'cli.js');
  buildSync({ entryPoints: [path.join(ROOT, 'src', 'cli', 'main.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'] });
  cli = outfile;
  return cli;
}

export function runCli(args: readonly string[], timeoutMs = 20_000): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cliPath(), ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, HOME: fixtureHome(), USERPROFILE: fixtureHome() },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `code@line` of each diagnostic, in report order. */
export const codeLines = (items: readonly { code: string; line: number }[]): string[] => items.map((d) => `${d.code}@${d.line}`);

/** A file's expectations: `NAME.expected` next to `NAME.rung.yaml`, one `code@line` per line. */
export function expectationsOf(file: string): string[] {
  const expected = file.replace(/\.rung\.ya?ml$/, '.expected');
  return fs.readFileSync(expected, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}
