/**
 * Follows a journal that an engine (maybe another process) is appending to:
 * each read returns only the events written since the last one, by byte
 * offset, and a half-written last line waits for its newline. Views (CLI
 * status, the editor) use it; the engine itself only appends.
 *
 * fs.watch wakes us as soon as the engine writes, but it is not reliable
 * everywhere (network file systems, some containers), so a timer polls too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunEvent } from '../core/journal/events';
import { parseJournalLine } from './journal-file';
import { LineTail } from './line-tail';

export interface FollowerOptions {
  readonly onEvents: (events: RunEvent[]) => void;
  /** A damaged or newer-version journal: following stops. */
  readonly onError?: (error: Error) => void;
  readonly intervalMs?: number;
}

export class JournalFollower {
  private readonly tail: LineTail;
  private lineNo = 0;
  private timer: NodeJS.Timeout | undefined;
  private watcher: fs.FSWatcher | undefined;
  private closed = false;

  constructor(readonly path: string, private readonly options: FollowerOptions) {
    this.tail = new LineTail(path);
  }

  /** Byte offset of the end of the last event read. */
  get position(): number {
    return this.tail.position;
  }

  /** The events appended since the last read (the first read returns all of them). */
  readNew(): RunEvent[] {
    const events: RunEvent[] = [];
    for (const line of this.tail.read()) {
      this.lineNo++;
      if (line.trim() !== '') events.push(parseJournalLine(line, `${path.basename(this.path)} line ${this.lineNo}`));
    }
    return events;
  }

  /** Delivers what is there now, then everything appended later, until close(). */
  start(): this {
    this.deliver();
    try {
      // The directory, not the file: the journal may not exist yet, and a watch on a file ends when it is replaced.
      this.watcher = fs.watch(path.dirname(this.path), (_event, name) => {
        if (name === null || name === path.basename(this.path)) this.deliver();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      this.watcher = undefined;
    }
    this.timer = setInterval(() => this.deliver(), this.options.intervalMs ?? 500);
    this.timer.unref();
    return this;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.watcher?.close();
    this.timer = undefined;
    this.watcher = undefined;
  }

  private deliver(): void {
    if (this.closed) return;
    let events: RunEvent[];
    try {
      events = this.readNew();
    } catch (e) {
      this.close();
      this.options.onError?.(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (events.length > 0) this.options.onEvents(events);
  }
}
