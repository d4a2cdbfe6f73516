/**
 * Engine I/O numbers: how fast the journal takes fsynced appends, how long a
 * resume takes to read and replay a long journal, and how soon poll() notices
 * that a local trial has ended.
 *
 *   npm run bench:engine [-- --dir PATH] [--events N] [--appends N] [--exits N]
 *
 * --dir picks the file system to measure (default: the system temp folder).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalBackend } from '../src/backends/local/local-backend';
import type { NewEvent, RunEvent } from '../src/core/journal/events';
import { replay } from '../src/core/journal/reducer';
import type { Logger, Slot } from '../src/core/ports';
import { JournalFile, readJournal } from '../src/storage/journal-file';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const base = arg('dir', os.tmpdir());
const replayEvents = Number(arg('events', '100000'));
const appends = Number(arg('appends', '2000'));
const exits = Number(arg('exits', '20'));
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

/** A realistic run: trials with launches, a metric per resource step, decisions and ends. */
function* syntheticRun(total: number): Generator<NewEvent> {
  yield { type: 'run-started', runId: 'bench', studyFile: 'bench.rung.yaml', seed: 1 };
  let n = 1;
  for (let t = 0; n < total; t++) {
    const trial = `t${t}`;
    const launch = `${trial}-a`;
    const steps = 27;
    const batch: NewEvent[] = [
      { type: 'trial-created', trial, config: { lr: 1e-4 * (1 + (t % 10)), layers: 1 + (t % 6), optimizer: t % 2 ? 'adam' : 'sgd' }, bracket: 0, resource: steps },
      { type: 'launch-intent', trial, launch, resource: steps, fromResource: 0 },
      { type: 'trial-launched', trial, launch, host: 'localhost', gpus: ['GPU-0'], handle: `pid:${1000 + t}` },
    ];
    for (let r = 1; r <= steps; r++) batch.push({ type: 'metric', trial, launch, resource: r, values: { bleu: 10 + r * 0.5 + (t % 7), loss: 3 / r } });
    batch.push({ type: 'decision', trial, action: 'continue', rung: 0, resource: steps, reason: 'top 1/3' });
    batch.push({ type: 'trial-ended', trial, launch, state: 'completed', reason: 'reached max', exitCode: 0 });
    for (const e of batch) {
      if (n++ >= total) return;
      yield e;
    }
  }
}

/** One fsync per event, and batches of 32 per fsync (what a poll full of metric lines can use). */
function benchAppend(dir: string): { eventsPerSecond: number; meanMs: number; batchedBy32EventsPerSecond: number } {
  const events = [...syntheticRun(appends)];
  const single = JournalFile.open(path.join(dir, 'append.jsonl'), { now: () => Date.now() }).journal;
  const t0 = performance.now();
  for (const e of events) single.append(e);
  const ms = performance.now() - t0;
  single.close();
  const batched = JournalFile.open(path.join(dir, 'batched.jsonl'), { now: () => Date.now() }).journal;
  const t1 = performance.now();
  for (let i = 0; i < events.length; i += 32) batched.appendAll(events.slice(i, i + 32));
  const batchMs = performance.now() - t1;
  batched.close();
  return {
    eventsPerSecond: Math.round(events.length / (ms / 1000)),
    meanMs: +(ms / events.length).toFixed(3),
    batchedBy32EventsPerSecond: Math.round(events.length / (batchMs / 1000)),
  };
}

function benchReplay(dir: string): { events: number; bytes: number; readMs: number; replayMs: number; trials: number } {
  const file = path.join(dir, 'replay.jsonl');
  let at = 0;
  const lines: string[] = [];
  for (const e of syntheticRun(replayEvents)) lines.push(JSON.stringify({ v: 1, at: at++, ...e }));
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const t0 = performance.now();
  const { events } = readJournal(file);
  const t1 = performance.now();
  const state = replay(events as RunEvent[]);
  const t2 = performance.now();
  return { events: events.length, bytes: fs.statSync(file).size, readMs: +(t1 - t0).toFixed(1), replayMs: +(t2 - t1).toFixed(1), trials: state.order.length };
}

async function benchExitDetection(dir: string): Promise<{ exitFileMs: { median: number; p95: number; max: number }; killedMs: { median: number; p95: number; max: number } }> {
  const runDir = path.join(dir, 'run');
  fs.mkdirSync(runDir);
  const backend = new LocalBackend({ runDir, logger: silent, nvidiaSmi: path.join(dir, 'none') });
  const slot: Slot = { id: 'cpu0', host: 'localhost', gpus: [] };
  const request = (i: number, command: string) => ({ runId: 'bench', trial: `t${i}`, launch: `l${i}`, slot, command, resource: 1, fromResource: 0, env: {}, config: {} });
  const untilExit = async (launch: string) => {
    for (;;) {
      const events = await backend.poll(1000);
      if (events.some((e) => e.type === 'exit' && e.launch === launch)) return Date.now();
    }
  };
  const viaFile: number[] = [];
  const viaKill: number[] = [];
  for (let i = 0; i < exits; i++) {
    // Ends by itself: the wrapper's rename of the exit file is the moment of exit.
    await backend.launch(request(i, 'sleep 0.15'));
    const seen = await untilExit(`l${i}`);
    viaFile.push(seen - fs.statSync(path.join(runDir, 'trials', `t${i}`, `l${i}.exit`)).mtimeMs);
    // Killed from outside: no file is written, only the process disappears.
    const k = exits + i;
    await backend.launch(request(k, 'sleep 30'));
    await backend.poll(100);
    const pid = Number(fs.readFileSync(path.join(runDir, 'trials', `t${k}`, `l${k}.pid`), 'utf8'));
    const killedAt = Date.now();
    process.kill(-pid, 'SIGKILL');
    viaKill.push((await untilExit(`l${k}`)) - killedAt);
  }
  await backend.close();
  const summary = (xs: number[]) => ({ median: +quantile(xs, 0.5).toFixed(1), p95: +quantile(xs, 0.95).toFixed(1), max: +Math.max(...xs).toFixed(1) });
  return { exitFileMs: summary(viaFile), killedMs: summary(viaKill) };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(base, 'rung-bench-'));
  try {
    const result = {
      machine: { node: process.version, cpus: os.cpus().length, platform: `${os.platform()} ${os.release()}` },
      journalAppendWithFsync: benchAppend(dir),
      resumeReadAndReplay: benchReplay(dir),
      localExitDetection: await benchExitDetection(dir),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
