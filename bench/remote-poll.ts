/**
 * The remote backend's own costs, with hosts that are folders on this
 * machine reached through LocalShell (an SSH link adds its round trip to
 * each command): how fast trials launch (three commands each: claim, config
 * upload, start) and how long one poll round takes with 8 trials running
 * over 2 hosts, each writing a line every 100 ms (one command per host per round).
 *
 *   npx tsc -p tsconfig.json --outDir out --noEmit false && node out/bench/remote-poll.js [--rounds N]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RemoteBackend } from '../src/backends/remote/remote-backend';
import { LocalShell } from '../src/backends/shell/local-shell';

const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(process.argv[roundsArg + 1]) : 50;
const quiet = { info: () => undefined, warn: (m: string) => console.error(m), error: (m: string) => console.error(m) };

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
}

async function main(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-remote-bench-'));
  try {
    const hosts = ['alpha', 'beta'].map((name) => {
      const workdir = path.join(base, name);
      fs.mkdirSync(workdir);
      return { shell: new LocalShell(process.env, name), name, workdir };
    });
    const backend = new RemoteBackend({ runDir: path.join(base, 'run'), runId: 'bench', logger: quiet, hosts, gpusPerTrial: 0, parallel: 64 });
    const slots = await backend.freeSlots();

    const launchMs: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      await backend.launch({
        runId: 'bench', trial: `l${i}`, launch: `l${i}-a`, slot: slots[i % 2]!, command: 'true', resource: 1, fromResource: 0, env: {}, config: {},
        configFile: { name: 'config.yaml', text: `i: ${i}\n` },
      });
      launchMs.push(performance.now() - t);
    }
    const launchesPerSecond = 40 / ((performance.now() - started) / 1000);
    let exited = 0;
    while (exited < 40) exited += (await backend.poll(200)).filter((e) => e.type === 'exit').length;

    for (let i = 0; i < 8; i++) {
      await backend.launch({
        runId: 'bench', trial: `p${i}`, launch: `p${i}-a`, slot: slots[i % 2]!, resource: 1, fromResource: 0, env: {}, config: {},
        command: 'i=0; while [ $i -lt 100000 ]; do echo "rung: {\\"resource\\": $i, \\"loss\\": 0.5}"; i=$((i+1)); sleep 0.1; done',
      });
    }
    await backend.poll(300);
    const roundMs: number[] = [];
    let bytes = 0;
    for (let r = 0; r < rounds; r++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const t = performance.now();
      const events = await backend.poll(0);
      roundMs.push(performance.now() - t);
      bytes += events.reduce((n, e) => n + (e.type === 'output' ? e.text.length : 0), 0);
    }
    for (let i = 0; i < 8; i++) await backend.stop(`p${i}-a`);
    await backend.poll(500);
    await backend.close();
    console.log(JSON.stringify({
      node: process.version, cpus: os.cpus().length,
      launch: { trials: 40, perSecond: Number(launchesPerSecond.toFixed(1)), p50Ms: Number(percentile(launchMs, 0.5).toFixed(1)) },
      pollRound: { launches: 8, hosts: 2, rounds, p50Ms: Number(percentile(roundMs, 0.5).toFixed(1)), p95Ms: Number(percentile(roundMs, 0.95).toFixed(1)), bytesPerRound: Math.round(bytes / rounds) },
    }, null, 2));
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

void main();
