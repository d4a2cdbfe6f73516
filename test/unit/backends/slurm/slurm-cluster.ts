/**
 * A real one-node Slurm for a test file: started once (test/infra/slurm/start-slurm.sh)
 * on free ports in a folder of its own, so test files running side by side
 * each get their own cluster, and stopped when the file's tests are done.
 * When Slurm cannot start, the tests fail with the reason: never skipped.
 */
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalShell } from '../../../../src/backends/shell/local-shell';

const INFRA = path.resolve(__dirname, '../../../../../test/infra/slurm');

export interface SlurmCluster {
  readonly base: string;
  /** Environment for Slurm's client commands (SLURM_CONF) on top of this process's. */
  readonly env: NodeJS.ProcessEnv;
  readonly shell: LocalShell;
  /** Runs a Slurm client command (squeue, scontrol...) against this cluster. */
  sh(command: string): string;
  stop(): void;
}

export async function startSlurm(options: { readonly gpus?: number; readonly cpus?: number } = {}): Promise<SlurmCluster> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-slurm-'));
  const [ctld, slurmd] = [await freePort(), await freePort()];
  const env = {
    ...process.env, SLURM_BASE: base, SLURMCTLD_PORT: String(ctld), SLURMD_PORT: String(slurmd),
    SLURM_FAKE_GPUS: String(options.gpus ?? 2), SLURM_CPUS: String(options.cpus ?? 8),
  };
  const r = cp.spawnSync(path.join(INFRA, 'start-slurm.sh'), [], { env, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) {
    cp.spawnSync(path.join(INFRA, 'stop-slurm.sh'), ['--purge'], { env, encoding: 'utf8', timeout: 30_000 });
    throw new Error(`Slurm did not start (test/infra/slurm/start-slurm.sh exit ${r.status ?? r.signal}): ${(r.stderr || r.stdout || r.error?.message || '').trim()}`);
  }
  const clientEnv = { ...process.env, SLURM_CONF: path.join(base, 'etc', 'slurm.conf') };
  return {
    base, env: clientEnv, shell: new LocalShell(clientEnv),
    sh: (command) => cp.execSync(command, { env: clientEnv, encoding: 'utf8', timeout: 30_000 }),
    stop: () => void cp.spawnSync(path.join(INFRA, 'stop-slurm.sh'), ['--purge'], { env, encoding: 'utf8', timeout: 30_000 }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
