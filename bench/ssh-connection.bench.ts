/**
 * SSH layer numbers against real OpenSSH sshds on loopback (test/infra/sshd):
 * connect + host key check + key login, the same through a ProxyJump host,
 * a command's round trip on an open connection, and SFTP reads of 1 MB.
 * Loopback has no network latency, so these are Rung's and sshd's own costs.
 *
 *   npm run bench:ssh [-- --connects N] [--execs N] [--reads N]   (as root)
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { KeyRing } from '../src/backends/ssh/auth';
import { SshConnection } from '../src/backends/ssh/connection';
import { resolveHost, type ResolveOptions } from '../src/backends/ssh/host-config';
import { SshShell } from '../src/backends/ssh/ssh-shell';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function summary(label: string, xs: number[]): void {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): string => (s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN).toFixed(1);
  console.log(`${label.padEnd(34)} n=${String(s.length).padStart(4)}  p50 ${q(0.5).padStart(7)} ms  p90 ${q(0.9).padStart(7)} ms  max ${q(1).padStart(7)} ms`);
}

async function main(): Promise<void> {
  const connects = Number(arg('connects', '20'));
  const execs = Number(arg('execs', '200'));
  const reads = Number(arg('reads', '20'));
  const root = path.resolve(__dirname, '..', '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-bench-sshd-'));
  execFileSync('bash', [path.join(root, 'test', 'infra', 'sshd', 'start.sh'), dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    fs.mkdirSync(path.join(dir, 'home'));
    const resolve: ResolveOptions = { home: path.join(dir, 'home'), localUser: 'root', configPath: path.join(dir, 'ssh_config') };
    const keyRing = new KeyRing();
    const connectTimes = async (alias: string): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < connects; i++) {
        const c = new SshConnection(resolveHost(alias, {}, resolve), { keyRing, agentSocket: '' });
        const t = performance.now();
        await c.client();
        times.push(performance.now() - t);
        await c.close();
      }
      return times;
    };
    summary('connect + auth', await connectTimes('rung-h2'));
    summary('connect + auth via ProxyJump', await connectTimes('rung-h3-via-h2'));

    const connection = new SshConnection(resolveHost('rung-h2', {}, resolve), { keyRing, agentSocket: '' });
    const shell = new SshShell(connection);
    await shell.exec('true');
    const round: number[] = [];
    for (let i = 0; i < execs; i++) {
      const t = performance.now();
      await shell.exec('echo ok');
      round.push(performance.now() - t);
    }
    summary('exec round trip (echo ok)', round);
    const t8 = performance.now();
    await Promise.all(Array.from({ length: 64 }, () => shell.exec('echo ok')));
    console.log(`${'64 execs at once (8 channels)'.padEnd(34)} ${(performance.now() - t8).toFixed(1)} ms in all`);

    const home = /^RUNG_SSH_HOME_2=(.*)$/m.exec(fs.readFileSync(path.join(dir, 'env'), 'utf8'))?.[1] ?? '';
    const file = path.join(home, 'bench-1mb.bin');
    await shell.writeFile(file, Buffer.alloc(1 << 20, 7));
    const readTimes: number[] = [];
    for (let i = 0; i < reads; i++) {
      const t = performance.now();
      const data = await shell.readFile(file);
      readTimes.push(performance.now() - t);
      if (data?.length !== 1 << 20) throw new Error(`read ${data?.length} bytes, not 1 MiB`);
    }
    summary('SFTP read 1 MiB', readTimes);
    const writeTimes: number[] = [];
    for (let i = 0; i < reads; i++) {
      const t = performance.now();
      await shell.writeFile(file, Buffer.alloc(1 << 20, i));
      writeTimes.push(performance.now() - t);
    }
    summary('SFTP atomic write 1 MiB', writeTimes);
    await shell.exec(`rm -f ${file}`);
    await shell.close();
  } finally {
    execFileSync('bash', [path.join(root, 'test', 'infra', 'sshd', 'stop.sh'), dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
