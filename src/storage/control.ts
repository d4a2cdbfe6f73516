/**
 * The control channel: views (`rung stop`, the editor) never touch the journal
 * or the scheduler; they append a request here and the engine, the only
 * writer of the journal, acts on it and journals a `control` event.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineTail } from './line-tail';

export const CONTROL_FILE = 'control.jsonl';

export type ControlRequest =
  | { readonly request: 'stop-run'; readonly at: number }
  | { readonly request: 'stop-trial'; readonly trial: string; readonly at: number };

export type ControlAsk =
  | { readonly request: 'stop-run' }
  | { readonly request: 'stop-trial'; readonly trial: string };

/** Appends a request. One write of one short line with O_APPEND, so concurrent writers never interleave. */
export function requestControl(runDir: string, ask: ControlAsk, now: number = Date.now()): ControlRequest {
  const request = { ...ask, at: now } as ControlRequest;
  const fd = fs.openSync(path.join(runDir, CONTROL_FILE), 'a');
  try {
    fs.writeSync(fd, JSON.stringify(request) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return request;
}

export interface ControlBatch {
  readonly requests: ControlRequest[];
  /** Lines that are not requests (written by hand, or by a newer Rung): reported, never acted on. */
  readonly rejected: string[];
}

/**
 * The engine's side: new requests since the last read. A restarted engine
 * chooses where to start: 0 to see everything, or `ControlReader.atEnd` to
 * ignore requests addressed to the engine that is gone (a stop-run followed
 * by a deliberate resume must not stop the resumed run again).
 */
export class ControlReader {
  private readonly tail: LineTail;

  constructor(runDir: string, offset = 0) {
    this.tail = new LineTail(path.join(runDir, CONTROL_FILE), offset);
  }

  static atEnd(runDir: string): ControlReader {
    let size = 0;
    try {
      size = fs.statSync(path.join(runDir, CONTROL_FILE)).size;
    } catch {
      // No requests yet: start at the beginning of the file to come.
    }
    return new ControlReader(runDir, size);
  }

  get position(): number {
    return this.tail.position;
  }

  read(): ControlBatch {
    const requests: ControlRequest[] = [];
    const rejected: string[] = [];
    for (const line of this.tail.read()) {
      if (line.trim() === '') continue;
      const request = parseRequest(line);
      if (request) requests.push(request);
      else rejected.push(line);
    }
    return { requests, rejected };
  }
}

function parseRequest(line: string): ControlRequest | undefined {
  let v: { request?: unknown; trial?: unknown; at?: unknown };
  try {
    v = JSON.parse(line) as typeof v;
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || typeof v.at !== 'number') return undefined;
  if (v.request === 'stop-run') return { request: 'stop-run', at: v.at };
  if (v.request === 'stop-trial' && typeof v.trial === 'string' && v.trial !== '') return { request: 'stop-trial', trial: v.trial, at: v.at };
  return undefined;
}
