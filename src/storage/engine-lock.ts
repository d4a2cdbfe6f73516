/**
 * One engine per run. The lock file is created with O_EXCL, so of two engines
 * starting at once exactly one wins. It records who holds it, so that a lock
 * left behind by a dead engine (crash, kill -9, reboot) is recognised as stale
 * and taken over instead of blocking the run forever.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processStartedAt, processState } from './process-liveness';

export interface EngineLockInfo {
  readonly pid: number;
  readonly host: string;
  /** Epoch ms when the engine took the lock. */
  readonly startedAt: number;
}

export const LOCK_FILE = 'engine.lock';

/** A lock whose file is still empty this long after creation was abandoned mid-write. */
const EMPTY_LOCK_GRACE_MS = 5000;

export class EngineLockBusy extends Error {
  constructor(readonly holder: EngineLockInfo) {
    super(`Another engine (pid ${holder.pid} on ${holder.host}, since ${new Date(holder.startedAt).toISOString()}) is running this run. Stop it first (\`rung stop\`), or follow it instead of starting a second one.`);
  }
}

export class EngineLock {
  private released = false;

  private constructor(readonly file: string, readonly info: EngineLockInfo, readonly tookOver?: EngineLockInfo) {}

  /**
   * Takes the run's lock, taking over a stale one; throws EngineLockBusy while
   * a live engine holds it. The start time is wall-clock time even for
   * simulated runs: it is compared with the process table.
   */
  static acquire(runDir: string, me: Omit<EngineLockInfo, 'startedAt'> = { pid: process.pid, host: os.hostname() }): EngineLock {
    const file = path.join(runDir, LOCK_FILE);
    const info: EngineLockInfo = { ...me, startedAt: Date.now() };
    for (let attempt = 0; attempt < 3; attempt++) {
      if (createExclusive(file, info)) return new EngineLock(file, info);
      const holder = readEngineLock(file);
      if (holder === 'gone') continue;
      if (holder !== 'unreadable' && holderAlive(holder)) throw new EngineLockBusy(holder);
      if (holder === 'unreadable' && Date.now() - mtime(file) < EMPTY_LOCK_GRACE_MS) {
        throw new Error(`${file} is being written by another engine that is starting right now; try again in a few seconds.`);
      }
      if (setAside(file, holder) && createExclusive(file, info)) return new EngineLock(file, info, holder === 'unreadable' ? undefined : holder);
    }
    throw new Error(`Could not take ${file}: other engines keep taking it. Check for engines started in a loop.`);
  }

  /** Removes the lock if it is still ours (a later engine may have taken it over as stale). */
  release(): void {
    if (this.released) return;
    this.released = true;
    const current = readEngineLock(this.file);
    if (typeof current === 'object' && current.pid === this.info.pid && current.host === this.info.host && current.startedAt === this.info.startedAt) {
      fs.rmSync(this.file, { force: true });
    }
  }
}

/** The lock's holder, 'gone' without a lock, 'unreadable' for a half-written one. */
export function readEngineLock(file: string): EngineLockInfo | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  try {
    const v = JSON.parse(text) as Partial<EngineLockInfo>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.startedAt === 'number') return { pid: v.pid, host: v.host, startedAt: v.startedAt };
  } catch {
    // Fall through: a lock we cannot read.
  }
  return 'unreadable';
}

/** Whether the engine of a run is alive. An engine on another host cannot be checked from here: it counts as alive. */
export function isEngineAlive(runDir: string): boolean {
  const holder = readEngineLock(path.join(runDir, LOCK_FILE));
  return typeof holder === 'object' && holderAlive(holder);
}

function holderAlive(holder: EngineLockInfo): boolean {
  if (holder.host !== os.hostname()) return true;
  if (processState(holder.pid) !== 'alive') return false;
  // A process that started after the lock was taken is not the engine that took it: its pid was reused.
  const started = processStartedAt(holder.pid);
  return started === undefined || started <= holder.startedAt + 1000;
}

function createExclusive(file: string, info: EngineLockInfo): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    fs.writeSync(fd, JSON.stringify(info) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/**
 * Moves a stale lock out of the way. Renaming (not deleting) lets us check
 * that what we moved is the stale lock we judged: if another engine replaced
 * it meanwhile, its fresh lock is put back and we lose the race.
 */
function setAside(file: string, judged: EngineLockInfo | 'unreadable'): boolean {
  const aside = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    fs.renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
  const moved = readEngineLock(aside);
  const same = judged === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && moved.pid === judged.pid && moved.startedAt === judged.startedAt;
  if (same) {
    fs.rmSync(aside, { force: true });
    return true;
  }
  try {
    fs.linkSync(aside, file);
  } catch {
    // The slot was taken again already; the engine whose lock we moved will find out when it releases.
  }
  fs.rmSync(aside, { force: true });
  return false;
}

function mtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
