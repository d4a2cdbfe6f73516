/**
 * Reads a growing file by byte offset, one complete line at a time. A writer
 * may be half way through a line when we look: that part stays unread until
 * its newline arrives, so no reader ever sees half an event.
 */
import * as fs from 'node:fs';

const CHUNK = 1024 * 1024;

export class LineTail {
  private offset: number;

  constructor(readonly path: string, offset = 0) {
    this.offset = offset;
  }

  /** Byte offset just after the last complete line returned. */
  get position(): number {
    return this.offset;
  }

  /** The complete lines written since the last call, reading at most about `maxBytes`. */
  read(maxBytes = 64 * CHUNK): string[] {
    let fd: number;
    try {
      fd = fs.openSync(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size < this.offset) {
        throw new Error(`${this.path} shrank below what was already read (${size} < ${this.offset} bytes): the file was replaced; open it again.`);
      }
      const lines: string[] = [];
      let carry = Buffer.alloc(0);
      let at = this.offset;
      let taken = 0;
      while (at < size && taken < maxBytes) {
        const buf = Buffer.allocUnsafe(Math.min(CHUNK, size - at));
        const n = fs.readSync(fd, buf, 0, buf.length, at);
        if (n === 0) break;
        at += n;
        const data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
        const end = data.lastIndexOf(0x0a);
        if (end < 0) {
          carry = Buffer.from(data);
          continue;
        }
        for (const line of data.subarray(0, end).toString('utf8').split('\n')) lines.push(line);
        this.offset += end + 1;
        taken += end + 1;
        carry = Buffer.from(data.subarray(end + 1));
      }
      return lines;
    } finally {
      fs.closeSync(fd);
    }
  }
}
