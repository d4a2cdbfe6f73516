/**
 * Real OpenSSH servers for the SSH tests: test/infra/sshd/start.sh starts
 * sshds on 127.0.0.2-4 once per test file. If they cannot start, the tests
 * fail with the script's reason; nothing is skipped.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before } from 'node:test';
import type { ResolveOptions } from '../../../../src/backends/ssh/host-config';
import { removeDir, repoRoot, tempDir } from '../../support/temp';

export interface Sshds {
  readonly dir: string;
  readonly env: Readonly<Record<string, string>>;
  /** A home whose ~/.ssh holds nothing, with the generated ssh_config as the config file. */
  readonly resolve: ResolveOptions;
  /** Reads a RUNG_SSH* value the start script wrote; fails the test when missing. */
  get(key: string): string;
}

const SCRIPTS = path.join(repoRoot, 'test', 'infra', 'sshd');

/** Registers before/after hooks for the current test file and returns the servers once started. */
export function useSshds(extraEnv: Record<string, string> = {}): () => Sshds {
  let sshds: Sshds | undefined;
  let dir = '';
  before(() => {
    dir = tempDir('rung-sshd-');
    try {
      execFileSync('bash', [path.join(SCRIPTS, 'start.sh'), dir], { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      throw new Error(`the test sshds did not start: ${err.stderr?.toString().trim() || err.message}`);
    }
    const env = Object.fromEntries(fs.readFileSync(path.join(dir, 'env'), 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const home = path.join(dir, 'home');
    fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
    sshds = {
      dir,
      env,
      resolve: { home, localUser: 'root', configPath: env['RUNG_SSH_CONFIG'] ?? '' },
      get(key: string): string {
        const v = env[key];
        if (v === undefined) throw new Error(`${key} is missing from the sshd env file ${path.join(dir, 'env')}`);
        return v;
      },
    };
  });
  after(() => {
    if (!dir) return;
    execFileSync('bash', [path.join(SCRIPTS, 'stop.sh'), dir]);
    removeDir(dir);
  });
  return () => {
    if (!sshds) throw new Error('the test sshds are not running (did before() fail?)');
    return sshds;
  };
}
