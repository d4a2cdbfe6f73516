/**
 * The journal on disk: JSON Lines, one event per line, fsynced after every
 * append so a crash loses at most the event being written. A crash in the
 * middle of a write leaves a torn last line; readers skip it, and the engine
 * cuts it off before appending so the next event starts on a line of its own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JOURNAL_VERSION, type NewEvent, type RunEvent } from '../core/journal/events';
import type { Clock, JournalStore } from '../core/ports';

/** An unfinished last line: where it starts and how long it is. */
export interface TornTail {
  readonly offset: number;
  readonly bytes: number;
}

export interface JournalContents {
  readonly events: RunEvent[];
  /** Present when the last line was cut short by a crash (or is still being written). */
  readonly torn?: TornTail;
}

export class JournalError extends Error {}

/** The journal was written by a Rung that speaks another version: never guess, refuse. */
export class JournalVersionError extends JournalError {}

/** Parses one journal line; `where` names it in errors ("journal.jsonl line 12"). */
export function parseJournalLine(line: string, where: string): RunEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new JournalError(`${where} is not a JSON event: the journal is damaged. Restore it from a copy, or delete that line to keep the events before and after it.`);
  }
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
    throw new JournalError(`${where} is not a journal event (no "type"): the journal is damaged.`);
  }
  const v = (value as { v?: unknown }).v;
  if (v !== JOURNAL_VERSION) {
    const newer = typeof v === 'number' && v > JOURNAL_VERSION;
    throw new JournalVersionError(newer
      ? `${where} was written by a newer Rung (journal version ${v}; this Rung reads version ${JOURNAL_VERSION}). Update Rung to open this run.`
      : `${where} has journal version ${JSON.stringify(v)}, which this Rung does not know (it reads version ${JOURNAL_VERSION}).`);
  }
  return value as RunEvent;
}

/** Parses journal text; the last line may be torn (no newline yet, or garbage left by a crash). */
export function parseJournal(text: Buffer, name = 'journal.jsonl'): JournalContents {
  const events: RunEvent[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < text.length) {
    lineNo++;
    const nl = text.indexOf(0x0a, start);
    const end = nl < 0 ? text.length : nl;
    const isLast = nl < 0 || nl === text.length - 1;
    const line = text.subarray(start, end).toString('utf8');
    if (nl < 0) return { events, torn: { offset: start, bytes: text.length - start } };
    if (line.trim() !== '') {
      try {
        events.push(parseJournalLine(line, `${name} line ${lineNo}`));
      } catch (e) {
        // A complete but unreadable LAST line is what some file systems leave after a crash
        // (zero-filled blocks); anywhere else it is damage that must not be skipped silently.
        if (isLast && e instanceof JournalError && !(e instanceof JournalVersionError)) return { events, torn: { offset: start, bytes: text.length - start } };
        throw e;
      }
    }
    start = end + 1;
  }
  return { events };
}

export function readJournal(file: string): JournalContents {
  let text: Buffer;
  try {
    text = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { events: [] };
    throw e;
  }
  return parseJournal(text, path.basename(file));
}

export interface OpenedJournal extends JournalContents {
  readonly journal: JournalFile;
}

export class JournalFile implements JournalStore {
  private fd: number | undefined;

  private constructor(readonly path: string, fd: number, private readonly clock: Clock) {
    this.fd = fd;
  }

  /**
   * Opens a journal for appending (creating it if needed) and returns the
   * events already in it. A torn last line is truncated away first: the caller
   * gets it back in `torn` to report it.
   */
  static open(file: string, clock: Clock): OpenedJournal {
    const existed = fs.existsSync(file);
    const contents = readJournal(file);
    if (contents.torn) fs.truncateSync(file, contents.torn.offset);
    const fd = fs.openSync(file, 'a');
    if (!existed) syncDirectory(path.dirname(file));
    return { ...contents, journal: new JournalFile(file, fd, clock) };
  }

  append(event: NewEvent): RunEvent {
    return this.appendAll([event])[0]!;
  }

  /**
   * Appends several events with one write and one fsync: a poll that brings
   * many metric lines costs one disk flush instead of one per line.
   */
  appendAll(events: readonly NewEvent[]): RunEvent[] {
    if (this.fd === undefined) throw new Error(`The journal ${this.path} is closed.`);
    const written = events.map((event) => ({ v: JOURNAL_VERSION, at: this.clock.now(), ...event }) as RunEvent);
    const bytes = Buffer.from(written.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done);
    fs.fsyncSync(this.fd);
    return written;
  }

  close(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Makes a new file's directory entry durable, not only its contents. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on directories; the file's own fsync still holds.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
