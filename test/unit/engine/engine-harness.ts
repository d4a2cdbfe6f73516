/** Drives the real `rung` CLI (dist/cli.js) on real trial processes, and checks journals for the engine's promises. */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/reducer';
import type { RunState } from '../../../src/core/journal/state';
import { readJournal } from '../../../src/storage/journal-file';
import { listRuns, type RunFolder } from '../../../src/storage/run-folder';
import { processState } from '../../../src/storage/process-liveness';

export const ROOT = path.resolve(__dirname, '../../../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'engine');

export function workspace(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'rung-engine-'));
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function rung(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): CliResult {
  const r = cp.spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function onlyRun(ws: string): RunFolder {
  const runs = listRuns(ws);
  assert.equal(runs.length, 1, `expected one run in ${ws}`);
  return runs[0] as RunFolder;
}

export function events(run: RunFolder): RunEvent[] {
  return readJournal(run.journal).events;
}

/**
 * What the engine promises whatever happened to it: each launch id is
 * intended once and started at most once, no trial is started twice for the
 * same rung unless the first attempt ended, every started launch ended, and
 * every launch that ended cleanly left its result.
 */
export function assertJournalInvariants(evs: readonly RunEvent[]): void {
  const intents = evs.filter((e) => e.type === 'launch-intent');
  const ids = intents.map((e) => (e as { launch: string }).launch);
  assert.equal(new Set(ids).size, ids.length, 'a launch id was intended twice');
  const started = new Map<string, number>();
  for (const e of evs) if (e.type === 'trial-launched') started.set(e.launch, (started.get(e.launch) ?? 0) + 1);
  for (const [launch, n] of started) assert.equal(n, 1, `${launch} was started ${n} times`);
  const ended = new Set(evs.filter((e) => e.type === 'trial-ended').map((e) => (e as { launch: string }).launch));
  for (const launch of started.keys()) assert.ok(ended.has(launch), `${launch} started but never ended`);
  const byTrialResource = new Map<string, string[]>();
  for (const e of intents) {
    if (e.type !== 'launch-intent' || !started.has(e.launch)) continue;
    const key = `${e.trial}@${e.resource}`;
    byTrialResource.set(key, [...(byTrialResource.get(key) ?? []), e.launch]);
  }
  for (const [key, launches] of byTrialResource) {
    const retried = launches.slice(0, -1).every((l) => evs.some((e) => e.type === 'trial-ended' && e.launch === l && (e.retry === true || e.state === 'failed')));
    assert.ok(launches.length === 1 || retried, `${key} was launched ${launches.length} times: ${launches.join(', ')}`);
  }
  for (const e of evs) {
    if (e.type !== 'trial-ended' || (e.state !== 'paused' && e.state !== 'completed')) continue;
    const intent = intents.find((i) => i.type === 'launch-intent' && i.launch === e.launch) as Extract<RunEvent, { type: 'launch-intent' }>;
    const results = evs.filter((m) => m.type === 'metric' && m.launch === e.launch && m.resource >= intent.resource);
    assert.ok(results.length > 0, `${e.launch} ended ${e.state} without its result at ${intent.resource}`);
  }
}

/** Each trial folder's `starts` file: a promoted trial continues from its checkpoint, never from scratch. */
export function assertResumedFromCheckpoints(run: RunFolder): void {
  for (const trial of fs.readdirSync(path.join(run.dir, 'trials'))) {
    const file = path.join(run.dir, 'trials', trial, 'starts');
    if (!fs.existsSync(file)) continue;
    const starts = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('->').map(Number) as [number, number]);
    for (let i = 1; i < starts.length; i++) {
      assert.equal(starts[i]?.[0], starts[i - 1]?.[1], `${trial} restarted from ${starts[i]?.[0]} instead of its checkpoint ${starts[i - 1]?.[1]}: ${JSON.stringify(starts)}`);
    }
  }
}

export function waitFor(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (ok()) return resolve();
      if (Date.now() - t0 > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

export interface StudyOptions {
  /** Extra trainer arguments (e.g. `--mode oom`). */
  readonly trainerArgs?: string;
  readonly sleep?: number;
  /** YAML lines replacing the default scheduler line. */
  readonly scheduler?: string;
  readonly trials?: number;
  readonly parallel?: number;
  /** Extra top-level YAML lines. */
  readonly extra?: string;
}

/** Writes a study and the stand-in trainer into a workspace; returns the study file. */
export function writeStudy(ws: string, o: StudyOptions = {}): string {
  fs.copyFileSync(path.join(FIXTURES, 'trainer.py'), path.join(ws, 'trainer.py'));
  const file = path.join(ws, 'study.rung.yaml');
  fs.writeFileSync(file, [
    'version: 1',
    'name: reliability',
    `command: python3 trainer.py --x {x} --epochs {resource} --out {trial_dir} --sleep ${o.sleep ?? 0.05} ${o.trainerArgs ?? ''}`,
    'workdir: .',
    'space:',
    '  x: {uniform: [0.0, 1.0]}',
    'objectives:',
    '  score: {mode: max}',
    'searcher: random',
    'seed: 3',
    o.scheduler ?? 'scheduler: {type: asha, resource: epochs, min: 1, max: 9, reduction: 3, mode: promotion}',
    `parallel: ${o.parallel ?? 3}`,
    'gpus_per_trial: 0',
    `budget: {trials: ${o.trials ?? 9}}`,
    o.extra ?? '',
  ].join('\n') + '\n');
  return file;
}

/** The run's state as every view sees it: the journal replayed. */
export function finalState(run: RunFolder): RunState {
  return replay(events(run));
}

/** Every trial ended in one of `allowed` states, the run ended, and the engine's promises hold. */
export function assertSettled(run: RunFolder, allowed: readonly string[]): RunState {
  const state = finalState(run);
  assertJournalInvariants(events(run));
  assert.ok(state.ended, 'the run did not end');
  for (const t of state.trials.values()) assert.ok(allowed.includes(t.state), `${t.id} ended ${t.state} (${t.endReason ?? ''}), expected one of ${allowed.join(', ')}`);
  return state;
}

/** Starts the CLI without waiting for it. */
export function rungAsync(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): cp.ChildProcess {
  return cp.spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function exited(child: cp.ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Pid of a launch's wrapper (its process group), once the wrapper has written it. */
export function launchPid(run: RunFolder, launch: string): number | undefined {
  const trial = launch.slice(0, launch.lastIndexOf('.'));
  try {
    const n = Number(fs.readFileSync(path.join(run.dir, 'trials', trial, `${launch}.pid`), 'utf8').trim());
    return n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Running, not a zombie: orphaned trials are reparented to an init that may never reap them. */
export function alive(pid: number): boolean {
  return processState(pid) === 'alive';
}

export function engineLog(run: RunFolder): string {
  return fs.readFileSync(path.join(run.dir, 'engine.log'), 'utf8');
}
