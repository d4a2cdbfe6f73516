/**
 * Engine overhead on this machine: N trials of a 1-second no-op trainer,
 * parallel 8, through the real CLI (`rung run`) and the local backend. The
 * wall time is compared with the ideal N × 1 s / 8; the journal's timestamps
 * give the time from a trial's end to the next launch in its slot; the
 * engine's RSS is sampled from /proc while it runs.
 *
 *   node out/bench/engine-overhead.js [N=1000] [PARALLEL=8]
 *   -> bench/results/engine-overhead.json, then node out/bench/engine-report.js
 */
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunEvent } from '../src/core/journal/events';
import { readJournal } from '../src/storage/journal-file';
import { listRuns } from '../src/storage/run-folder';
import { machine, percentile, type OverheadResult } from './engine-report';

const TRIAL_SECONDS = 1;

function studyText(trials: number, parallel: number): string {
  return [
    'version: 1',
    'name: engine-overhead',
    'command: sh noop.sh {x}',
    'workdir: .',
    'space:',
    '  x: {uniform: [0.0, 1.0]}',
    'objectives:',
    '  score: {mode: max}',
    'searcher: random',
    'scheduler: fifo',
    `parallel: ${parallel}`,
    'gpus_per_trial: 0',
    `budget: {trials: ${trials}}`,
    '',
  ].join('\n');
}

function rssMiB(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * Pairs each freed slot with the launch that filled it: ends queue up in
 * order, and each launch intent takes the oldest waiting end.
 */
export function slotLatencies(events: readonly RunEvent[], endTime: (e: Extract<RunEvent, { type: 'trial-ended' }>) => number): number[] {
  const waiting: number[] = [];
  const out: number[] = [];
  for (const e of events) {
    if (e.type === 'trial-ended') waiting.push(endTime(e));
    else if (e.type === 'launch-intent' && waiting.length > 0) out.push(e.at - (waiting.shift() as number));
  }
  return out.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const trials = Number(process.argv[2] ?? 1000);
  const parallel = Number(process.argv[3] ?? 8);
  if (!(trials > 0 && parallel > 0)) throw new Error('usage: engine-overhead.js [TRIALS] [PARALLEL]');
  const root = path.resolve(__dirname, '../..');
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-overhead-'));
  fs.writeFileSync(path.join(ws, 'noop.sh'), `sleep ${TRIAL_SECONDS}\necho 'rung: {"score": 1}'\n`);
  fs.writeFileSync(path.join(ws, 'overhead.rung.yaml'), studyText(trials, parallel));
  const t0 = Date.now();
  const engine = cp.spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), 'run', 'overhead.rung.yaml', '--workspace', ws], { cwd: ws, stdio: ['ignore', 'ignore', 'inherit'] });
  let maxRss = 0;
  const sampler = setInterval(() => { maxRss = Math.max(maxRss, rssMiB(engine.pid ?? -1) ?? 0); }, 250);
  const code = await new Promise<number | null>((resolve) => engine.once('exit', resolve));
  const wall = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  if (code !== 0) throw new Error(`rung run exited ${code}`);
  const run = listRuns(ws)[0];
  if (!run) throw new Error('no run folder');
  const events = readJournal(run.journal).events;
  const ended = events.filter((e) => e.type === 'trial-ended' && e.state === 'completed').length;
  if (ended !== trials) throw new Error(`only ${ended} of ${trials} trials completed`);
  const exitAt = (e: Extract<RunEvent, { type: 'trial-ended' }>) => fs.statSync(path.join(run.dir, 'trials', e.trial, `${e.launch}.exit`)).mtimeMs;
  const endToLaunch = slotLatencies(events, (e) => e.at);
  const exitToLaunch = slotLatencies(events, exitAt);
  const result: OverheadResult = {
    trials, parallel, trialSeconds: TRIAL_SECONDS, wallSeconds: wall, idealSeconds: (trials * TRIAL_SECONDS) / parallel,
    engineMaxRssMiB: maxRss,
    endToLaunchMs: { p50: Math.round(percentile(endToLaunch, 50)), p95: Math.round(percentile(endToLaunch, 95)) },
    exitToLaunchMs: { p50: Math.round(percentile(exitToLaunch, 50)), p95: Math.round(percentile(exitToLaunch, 95)) },
    machine: machine(),
  };
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'engine-overhead.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  fs.rmSync(ws, { recursive: true, force: true });
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
