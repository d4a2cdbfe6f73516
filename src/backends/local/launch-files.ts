/**
 * The files of one launch in its trial folder. They are the truth about a
 * trial process, written by the process's own wrapper shell, so a restarted
 * engine (or a person with `ls`) can tell what happened without the engine
 * that started it:
 *
 *   trials/<trial>/log              stdout+stderr of every launch, appended (a promoted trial's log continues)
 *   trials/<trial>/<launch>.launch  marker, written before the process starts: launching twice is impossible
 *   trials/<trial>/<launch>.pid     the wrapper's pid (also its process group), written by the wrapper
 *   trials/<trial>/<launch>.exit    the command's exit status, renamed into place so it is never half-written
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertSafeName, trialDir } from '../../storage/run-folder';

export interface LaunchFiles {
  readonly dir: string;
  readonly log: string;
  readonly marker: string;
  readonly pid: string;
  readonly exit: string;
}

export interface LaunchMarker {
  readonly trial: string;
  readonly launch: string;
  readonly slot: string;
  readonly host: string;
  readonly gpus: readonly string[];
  /** Size of the log when this launch began: its output starts there. */
  readonly logStart: number;
  readonly startedAt: number;
}

export function launchFiles(runDir: string, trial: string, launch: string): LaunchFiles {
  assertSafeName('launch id', launch);
  const dir = trialDir(runDir, trial);
  return {
    dir,
    log: path.join(dir, 'log'),
    marker: path.join(dir, `${launch}.launch`),
    pid: path.join(dir, `${launch}.pid`),
    exit: path.join(dir, `${launch}.exit`),
  };
}

/** Writes the marker unless it exists; false means this launch was started before. */
export function writeMarker(files: LaunchFiles, marker: LaunchMarker): boolean {
  try {
    fs.writeFileSync(files.marker, JSON.stringify(marker) + '\n', { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

export function readMarker(files: LaunchFiles): LaunchMarker | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(files.marker, 'utf8')) as LaunchMarker;
    return typeof m.logStart === 'number' && Array.isArray(m.gpus) ? m : undefined;
  } catch {
    return undefined;
  }
}

export function removeMarker(files: LaunchFiles): void {
  fs.rmSync(files.marker, { force: true });
}

/** The pid the wrapper wrote, or undefined before it has run. */
export function readPid(files: LaunchFiles): number | undefined {
  const n = Number(readSmall(files.pid)?.trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** undefined: no exit file yet; null: a file that is not a status (it is renamed into place whole, so someone edited it). */
export function readExitStatus(files: LaunchFiles): number | null | undefined {
  const text = readSmall(files.exit)?.trim();
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) ? Number(text) : null;
}

export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** The last `bytes` of the log between `from` and `to`, starting on a whole character. */
export function readTail(log: string, from: number, to: number, bytes: number): string {
  const start = Math.max(from, to - bytes);
  if (to <= start) return '';
  let fd: number;
  try {
    fd = fs.openSync(log, 'r');
  } catch {
    return '';
  }
  try {
    const buf = Buffer.alloc(to - start);
    const n = fs.readSync(fd, buf, 0, buf.length, start);
    let skip = 0;
    while (skip < n && skip < 3 && ((buf[skip] ?? 0) & 0xc0) === 0x80) skip++;
    return buf.subarray(skip, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function readSmall(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
