/**
 * Reads one launch's output from the trial log, by byte offset, a bounded
 * amount at a time: a trial that floods its log (a progress bar gone wild)
 * is read over several polls instead of filling the engine's memory in one.
 * Text is handed out in whole lines where possible (see ../shell/log-text.ts).
 */
import * as fs from 'node:fs';
import { LogText } from '../shell/log-text';

export class LaunchLog {
  private offset: number;
  private readonly text: LogText;

  constructor(readonly path: string, readonly start: number, private readonly capBytes: number) {
    this.offset = start;
    this.text = new LogText(capBytes);
  }

  get position(): number {
    return this.offset;
  }

  /**
   * New text up to `end` (or the end of the file), at most `capBytes` of it.
   * With `final`, a last line without newline is handed out too.
   */
  read(end: number | undefined, final: boolean): string {
    const limit = Math.min(end ?? Number.MAX_SAFE_INTEGER, sizeOf(this.path));
    let bytes = Buffer.alloc(0);
    if (limit > this.offset) {
      const buf = Buffer.alloc(Math.min(this.capBytes, limit - this.offset));
      const fd = fs.openSync(this.path, 'r');
      let n = 0;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, this.offset);
      } finally {
        fs.closeSync(fd);
      }
      this.offset += n;
      bytes = buf.subarray(0, n);
    }
    return this.text.push(bytes, final && this.offset >= limit);
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
