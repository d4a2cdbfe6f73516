/**
 * The layout of one run on disk. A run is a folder you can copy, diff and
 * archive; every process that cares about a run (engine, CLI, editor) finds
 * it here and nowhere else:
 *
 *   .rung/runs/<run-id>/
 *     study.rung.yaml      the study as it was when the run started
 *     journal.jsonl        the events (the single source of truth)
 *     engine.lock          pid, host and start time of the engine that owns the run
 *     control.jsonl        requests from views (stop-run, stop-trial)
 *     trials/<trial-id>/   the trial's config file, log, and per-launch pid/exit files
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const RUNS_DIR = path.join('.rung', 'runs');

export interface RunFolder {
  readonly id: string;
  readonly dir: string;
  readonly study: string;
  readonly journal: string;
  readonly lock: string;
  readonly control: string;
  readonly trials: string;
}

/** `20261125-130501-ab12`: UTC start time to the second, then randomness so two runs in one second differ. */
const RUN_ID = /^\d{8}-\d{6}-[0-9a-f]{4,}$/;

/** Names that become file names (trial and launch ids) must not escape their folder. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isRunId(id: string): boolean {
  return RUN_ID.test(id);
}

export function newRunId(now: number, random: () => string = () => crypto.randomBytes(2).toString('hex')): string {
  const d = new Date(now);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`;
  const time = `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return `${date}-${time}-${random()}`;
}

export function runFolder(workspaceDir: string, runId: string): RunFolder {
  return runFolderAt(path.join(workspaceDir, RUNS_DIR, runId));
}

/** The files of a run folder given its path (an engine is started with one). */
export function runFolderAt(dir: string): RunFolder {
  return {
    id: path.basename(dir),
    dir,
    study: path.join(dir, 'study.rung.yaml'),
    journal: path.join(dir, 'journal.jsonl'),
    lock: path.join(dir, 'engine.lock'),
    control: path.join(dir, 'control.jsonl'),
    trials: path.join(dir, 'trials'),
  };
}

export function trialDir(runDir: string, trial: string): string {
  assertSafeName('trial id', trial);
  return path.join(runDir, 'trials', trial);
}

export function assertSafeName(kind: string, name: string): void {
  if (!SAFE_NAME.test(name) || name.length > 128) {
    throw new Error(`Invalid ${kind} "${name}": use letters, digits, '.', '_' and '-' (at most 128, starting with a letter or digit).`);
  }
}

/** Creates a new run folder with a snapshot of the study. The id is new: a collision draws again. */
export function createRunFolder(workspaceDir: string, studyText: string, now: number): RunFolder {
  const runs = path.join(workspaceDir, RUNS_DIR);
  fs.mkdirSync(runs, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const run = runFolder(workspaceDir, newRunId(now));
    try {
      fs.mkdirSync(run.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 16) continue;
      throw e;
    }
    fs.mkdirSync(run.trials);
    fs.writeFileSync(run.study, studyText);
    return run;
  }
}

/** The runs of a workspace, oldest first (run ids sort by start time). */
export function listRuns(workspaceDir: string): RunFolder[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(workspaceDir, RUNS_DIR), { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return entries
    .filter((d) => d.isDirectory() && isRunId(d.name))
    .map((d) => d.name)
    .sort()
    .map((n) => runFolder(workspaceDir, n));
}
