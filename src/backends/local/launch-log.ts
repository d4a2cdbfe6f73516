/**
 * Reads one launch's output from the trial log, by byte offset, a bounded
 * amount at a time: a trial that floods its log (a progress bar gone wild)
 * is read over several polls instead of filling the engine's memory in one.
 * Text is handed out in whole lines where possible (metric lines are parsed
 * per line) and always in whole characters.
 */
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export class LaunchLog {
  private offset: number;
  private pending = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(readonly path: string, readonly start: number, private readonly capBytes: number) {
    this.offset = start;
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
    let text = this.pending;
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
      text += this.decoder.write(buf.subarray(0, n));
    }
    if (final && this.offset >= limit) {
      this.pending = '';
      return text + this.decoder.end();
    }
    const cut = text.lastIndexOf('\n');
    // A line longer than the cap cannot wait for its end forever.
    if (cut < 0 && text.length < this.capBytes) {
      this.pending = text;
      return '';
    }
    const upTo = cut < 0 ? text.length : cut + 1;
    this.pending = text.slice(upTo);
    return text.slice(0, upTo);
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
