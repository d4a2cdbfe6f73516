/**
 * The Slurm backend on a private one-node Slurm (test/infra/slurm): 200 short
 * jobs (`sleep 0.5`), kept `parallel` at a time, driven through the Backend
 * port exactly as the tuner drives it, once with 8 jobs in flight (all
 * running on the node's 8 CPUs) and once with 64 (most of them queued).
 *
 * - controller calls per poll: squeue/sacct calls made by one poll() round,
 *   against the number of jobs the run has in flight at that moment;
 * - submit -> running: launch() called -> the job's script prints its first
 *   line (same machine, same clock), and -> the backend hands that line out;
 * - finished -> next submit: the job's script prints its last line -> the
 *   next launch() into the freed slot;
 * - launch(): how long submitting one job takes (trial folder, script and
 *   marker written, sbatch answered).
 *
 * A third pass runs the 8-at-a-time case through a login node: a test sshd
 * (test/infra/sshd) on 127.0.0.2 whose sessions get SLURM_CONF, so every
 * squeue, sbatch and file write goes over one SSH connection.
 *
 *   npm run bench:slurm   (as root: it starts slurmctld, slurmd and munged)
 *   -> bench/results/slurm.json and the "## Slurm" section of docs/benchmarks.md
 */
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BackendEvent } from '../src/core/ports';
import type { HostShell } from '../src/backends/shell/host-shell';
import { SlurmBackend } from '../src/backends/slurm/slurm-backend';
import { SshHosts } from '../src/backends/ssh/ssh-hosts';
import { startSlurm } from '../test/unit/backends/slurm/slurm-cluster';
import { replaceDocSection } from './doc-section';
import { machine, percentile } from './engine-report';

const JOBS = 200;
const POLL_MS = 500;
const quiet = { info: () => undefined, warn: (m: string) => process.stderr.write(`warn ${m}\n`), error: (m: string) => process.stderr.write(`error ${m}\n`) };

interface Phase {
  readonly via: string;
  readonly parallel: number;
  readonly jobs: number;
  readonly wallS: number;
  /** In-flight jobs at a poll -> the most controller calls any such poll made. */
  readonly callsPerPoll: { readonly inFlight: string; readonly polls: number; readonly maxCalls: number; readonly meanCalls: number }[];
  readonly submitToRunningMs: { readonly p50: number; readonly p95: number };
  readonly submitToSeenMs: { readonly p50: number; readonly p95: number };
  readonly finishedToNextSubmitMs: { readonly p50: number; readonly p95: number };
  readonly launchMs: { readonly p50: number; readonly p95: number };
}

/** `clusterRunDir`: the run folder as the login node sees it, when `shell` is one. */
async function phase(via: string, parallel: number, shell: HostShell, clusterRunDir?: string): Promise<Phase> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-bench-slurm-'));
  const backend = new SlurmBackend({
    runId: `bench-${parallel}`, runDir, shell, spec: { extra: [] }, gpusPerTrial: 0, parallel, logger: quiet, pollIntervalMs: POLL_MS,
    ...(clusterRunDir !== undefined ? { clusterRunDir } : {}),
  });
  const launchMs: number[] = [];
  const submitted = new Map<string, number>();
  const seen = new Map<string, number>();
  const started = new Map<string, number>();
  const ended: number[] = [];
  const nextSubmit: number[] = [];
  const polls: [number, number][] = [];
  let next = 0;
  let done = 0;
  const t0 = Date.now();
  const fill = async () => {
    for (const slot of await backend.freeSlots()) {
      if (next >= JOBS) return;
      const trial = `t${String(++next).padStart(4, '0')}`;
      const at = Date.now();
      if (ended.length > 0) nextSubmit.push(at - (ended.shift() as number));
      submitted.set(`${trial}.1`, at);
      await backend.launch({ runId: 'bench', trial, launch: `${trial}.1`, slot, command: 'echo "start $(date +%s%3N)"; sleep 0.5; echo "end $(date +%s%3N)"', resource: 1, fromResource: 0, env: {}, config: {} });
      launchMs.push(Date.now() - at);
    }
  };
  await fill();
  while (done < JOBS) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const inFlight = submitted.size - done;
    const before = backend.slurm.controllerCalls;
    const events: readonly BackendEvent[] = await backend.poll(0);
    polls.push([inFlight, backend.slurm.controllerCalls - before]);
    for (const e of events) {
      if (e.type === 'output') {
        if (!seen.has(e.launch)) seen.set(e.launch, Date.now());
        const start = /start (\d+)/.exec(e.text)?.[1];
        if (start) started.set(e.launch, Number(start));
        const end = /end (\d+)/.exec(e.text)?.[1];
        if (end) ended.push(Number(end));
      }
      if (e.type === 'exit') {
        if (e.exitCode !== 0) throw new Error(`${e.launch} failed: ${e.tail}`);
        done++;
      }
    }
    await fill();
  }
  const wallS = (Date.now() - t0) / 1000;
  await backend.close();
  fs.rmSync(runDir, { recursive: true, force: true });
  const buckets = [[1, 8], [9, 32], [33, 64]] as const;
  const callsPerPoll = buckets.map(([lo, hi]) => {
    const calls = polls.filter(([n]) => n >= lo && n <= hi).map(([, c]) => c).filter((c) => c > 0);
    return { inFlight: `${lo}-${hi}`, polls: calls.length, maxCalls: Math.max(0, ...calls), meanCalls: calls.length === 0 ? 0 : calls.reduce((a, b) => a + b, 0) / calls.length };
  }).filter((b) => b.polls > 0);
  const p = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { p50: Math.round(percentile(sorted, 50)), p95: Math.round(percentile(sorted, 95)) };
  };
  return {
    via, parallel, jobs: JOBS, wallS, callsPerPoll, launchMs: p(launchMs),
    submitToRunningMs: p([...started].map(([l, t]) => t - (submitted.get(l) as number))),
    submitToSeenMs: p([...seen].map(([l, t]) => t - (submitted.get(l) as number))),
    finishedToNextSubmitMs: p(nextSubmit),
  };
}

function section(phases: readonly Phase[], where: string): string {
  const rows = phases.flatMap((ph) => [
    `| ${ph.via}, parallel ${ph.parallel}: launch() (files written, sbatch answered), p50 / p95 | — | ${ph.launchMs.p50} / ${ph.launchMs.p95} ms | ${where} |`,
    `| ${ph.via}, parallel ${ph.parallel}: controller calls per poll, by jobs in flight | constant | ${ph.callsPerPoll.map((b) => `${b.inFlight}: max ${b.maxCalls}, mean ${b.meanCalls.toFixed(2)} (${b.polls} polls)`).join('; ')} | ${where} |`,
    `| ${ph.via}, parallel ${ph.parallel}: submit → job running (its first line), p50 / p95 | — | ${ph.submitToRunningMs.p50} / ${ph.submitToRunningMs.p95} ms | ${where} |`,
    `| ${ph.via}, parallel ${ph.parallel}: submit → first output seen by the backend, p50 / p95 | — | ${ph.submitToSeenMs.p50} / ${ph.submitToSeenMs.p95} ms | ${where} |`,
    `| ${ph.via}, parallel ${ph.parallel}: job finished (its last line) → next submit, p50 / p95 | — | ${ph.finishedToNextSubmitMs.p50} / ${ph.finishedToNextSubmitMs.p95} ms | ${where} |`,
    `| ${ph.via}, parallel ${ph.parallel}: wall time for ${ph.jobs} jobs of 0.5 s | — | ${ph.wallS.toFixed(1)} s | ${where} |`,
  ]);
  return [
    '## Slurm',
    '',
    '<!-- Written by bench/slurm.ts (npm run bench:slurm); rerun it rather than editing here. -->',
    '',
    `${JOBS} jobs of \`sleep 0.5\` through the Slurm backend (the Backend port, as the tuner drives it) on a private`,
    `one-node Slurm 22.05 (8 CPUs configured, \`sched_interval=1\`), polled every ${POLL_MS} ms. With parallel 64 most`,
    'jobs wait in the queue, so a poll covers many more jobs; the controller calls per poll stay one `squeue`',
    '(there, submit → running includes the time a job waits for a free CPU). Latencies are dominated by',
    'Slurm\'s scheduling cycle and the poll interval, not by Rung. "login node" is the same 8-at-a-time',
    'run with every Slurm command and file operation over one SSH connection to a local test sshd',
    '(loopback, so the network adds almost nothing; a real login node adds its round trips).',
    '',
    '| measure | target | result | machine |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const cluster = await startSlurm({ gpus: 0, cpus: 8 });
  try {
    const phases = [await phase('local', 8, cluster.shell), await phase('local', 64, cluster.shell), await viaLoginNode(String(cluster.env['SLURM_CONF']))];
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/slurm.json', JSON.stringify({ machine: machine(), phases }, null, 2) + '\n');
    const doc = 'docs/benchmarks.md';
    fs.writeFileSync(doc, replaceDocSection(fs.readFileSync(doc, 'utf8'), '## Slurm', section(phases, machine()), '## Editor'));
    process.stdout.write(`${JSON.stringify(phases, null, 2)}\n`);
  } finally {
    cluster.stop();
  }
}

/** The 8-at-a-time pass with a test sshd as the login node; its user's home holds the run's cluster side. */
async function viaLoginNode(slurmConf: string): Promise<Phase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-bench-sshd-'));
  const scripts = path.join('test', 'infra', 'sshd');
  cp.execFileSync('bash', [path.join(scripts, 'start.sh'), dir], { env: { ...process.env, RUNG_SSHD_HOSTS: '2', RUNG_SSHD_SETENV: `SLURM_CONF=${slurmConf}` }, stdio: ['ignore', 'ignore', 'inherit'] });
  const env = Object.fromEntries(fs.readFileSync(path.join(dir, 'env'), 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const clusterRunDir = path.join(String(env['RUNG_SSH_HOME_2']), 'rung-bench');
  fs.rmSync(clusterRunDir, { recursive: true, force: true });
  const hosts = new SshHosts({ resolve: { home: dir, localUser: 'root', configPath: String(env['RUNG_SSH_CONFIG']) } });
  try {
    return await phase('login node', 8, hosts.shell({ alias: 'rung-h2' }), clusterRunDir);
  } finally {
    await hosts.close();
    fs.rmSync(clusterRunDir, { recursive: true, force: true });
    cp.execFileSync('bash', [path.join(scripts, 'stop.sh'), dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 1;
});
