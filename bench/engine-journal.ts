/**
 * The journal at scale: replaying 100,000 events (readJournal + replay, what
 * every resume and view does) and the memory of the state of 10,000 trials.
 * The journals are generated with the shape of real runs: each trial is
 * created, intended, launched, reports five metrics and ends.
 *
 *   node --expose-gc out/bench/engine-journal.js
 *   -> bench/results/engine-journal.json, then node out/bench/engine-report.js
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JOURNAL_VERSION, type NewEvent, type RunEvent } from '../src/core/journal/events';
import { replay } from '../src/core/journal/reducer';
import { readJournal } from '../src/storage/journal-file';
import { machine, type JournalResult } from './engine-report';

const METRICS_PER_TRIAL = 5;

/** A journal of a run with `trials` trials (9 events each), as JSON Lines. */
export function generateJournal(trials: number): string {
  let at = Date.UTC(2026, 0, 1);
  const lines: string[] = [];
  const put = (e: NewEvent) => lines.push(JSON.stringify({ v: JOURNAL_VERSION, at: (at += 7), ...e } as RunEvent));
  put({ type: 'run-started', runId: '20260101-000000-abcd', studyFile: 'study.rung.yaml', seed: 1 });
  put({ type: 'engine-started', pid: 4242, host: 'bench' });
  for (let i = 0; i < trials; i++) {
    const trial = `t${String(i + 1).padStart(4, '0')}`;
    const launch = `${trial}.1`;
    put({ type: 'trial-created', trial, config: { lr: 10 ** (-5 + (i % 97) / 25), layers: 2 + (i % 7), optimizer: i % 2 ? 'adam' : 'sgd' }, bracket: 0, resource: METRICS_PER_TRIAL });
    put({ type: 'launch-intent', trial, launch, resource: METRICS_PER_TRIAL, fromResource: 0 });
    put({ type: 'trial-launched', trial, launch, host: 'localhost', gpus: [String(i % 8)], handle: `pid:${10_000 + i}` });
    for (let r = 1; r <= METRICS_PER_TRIAL; r++) put({ type: 'metric', trial, launch, resource: r, values: { loss: 3 / r + (i % 13) / 100, acc: 0.5 + r / 20 } });
    put({ type: 'trial-ended', trial, launch, state: 'completed', reason: 'done', exitCode: 0 });
  }
  return lines.join('\n') + '\n';
}

const EVENTS_PER_TRIAL = 4 + METRICS_PER_TRIAL;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function main(): void {
  const root = path.resolve(__dirname, '../..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-journal-'));
  // Memory first, in a fresh process: the RSS is then that of the 10,000-trial replay alone.
  const memoryTrials = 10_000;
  const memoryFile = path.join(dir, 'memory.jsonl');
  fs.writeFileSync(memoryFile, generateJournal(memoryTrials));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const state = replay(readJournal(memoryFile).events);
  gc();
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  if (state.trials.size !== memoryTrials) throw new Error(`replayed ${state.trials.size} trials, expected ${memoryTrials}`);

  const replayFile = path.join(dir, 'replay.jsonl');
  const replayTrials = Math.ceil(100_000 / EVENTS_PER_TRIAL);
  fs.writeFileSync(replayFile, generateJournal(replayTrials));
  const times: number[] = [];
  let replayEvents = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const replayed = replay(readJournal(replayFile).events);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    replayEvents = replayed.events;
  }
  times.sort((a, b) => a - b);

  const result: JournalResult = {
    replayEvents, replayMs: times[2] as number, memoryTrials, memoryEvents: state.events, heapMiB, rssMiB, machine: machine(),
  };
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'engine-journal.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  fs.rmSync(dir, { recursive: true, force: true });
}

if (require.main === module) main();
