/**
 * The local copy of a remote trial's log, in the run folder
 * (trials/<trial>/log), so results survive the remote box. Bytes are written
 * at their place rather than appended: a log delivered again after a restart
 * lands on itself instead of doubling the file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { trialDir } from '../../storage/run-folder';

export function mirrorPath(runDir: string, trial: string): string {
  return path.join(trialDir(runDir, trial), 'log');
}

export function mirrorSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

export function writeMirror(file: string, position: number, bytes: Uint8Array): void {
  if (bytes.length === 0) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
  try {
    fs.writeSync(fd, bytes, 0, bytes.length, position);
  } finally {
    fs.closeSync(fd);
  }
}
