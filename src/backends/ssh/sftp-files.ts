/**
 * Whole-file writes and by-offset reads over one SFTP session, with many
 * requests in flight so a large file costs a few round trips, not one per chunk.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { SFTPWrapper } from 'ssh2';

const CHUNK = 32 * 1024;
const IN_FLIGHT = 16;
/** SFTP status codes (draft-ietf-secsh-filexfer-02). */
const EOF = 1;
const NO_SUCH_FILE = 2;

type SftpError = Error & { code?: number };

function call<T>(fn: (cb: (err: SftpError | undefined | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

/** Runs `count` numbered jobs with at most IN_FLIGHT at a time. */
async function inFlight(count: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) await job(i);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, worker));
}

/**
 * Writes to a temporary name beside `file`, then renames it over `file`
 * (posix-rename, which replaces an existing file), so a reader never sees
 * half a file and a failed upload leaves the old one.
 */
export async function writeAtomically(sftp: SFTPWrapper, file: string, data: Uint8Array, mode?: number): Promise<void> {
  const tmp = path.posix.join(path.posix.dirname(file), `.${path.posix.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await call<Buffer>((cb) => sftp.open(tmp, 'w', mode === undefined ? {} : { mode }, cb));
  try {
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    await inFlight(Math.ceil(buffer.length / CHUNK), (i) => call<void>((cb) => sftp.write(handle, buffer, i * CHUNK, Math.min(CHUNK, buffer.length - i * CHUNK), i * CHUNK, (err) => cb(err, undefined))));
    // The server applies its umask when creating the file; set the mode the caller asked for.
    if (mode !== undefined) await call<void>((cb) => sftp.fchmod(handle, mode, (err) => cb(err, undefined)));
  } catch (e) {
    await call<void>((cb) => sftp.close(handle, (err) => cb(err, undefined))).catch(() => undefined);
    await call<void>((cb) => sftp.unlink(tmp, (err) => cb(err, undefined))).catch(() => undefined);
    throw e;
  }
  await call<void>((cb) => sftp.close(handle, (err) => cb(err, undefined)));
  try {
    await call<void>((cb) => sftp.ext_openssh_rename(tmp, file, (err) => cb(err, undefined)));
  } catch (e) {
    await call<void>((cb) => sftp.unlink(tmp, (err) => cb(err, undefined))).catch(() => undefined);
    throw e;
  }
}

/** Bytes from `offset` to the end as the file stands now (at most maxBytes); undefined when it does not exist. */
export async function readFrom(sftp: SFTPWrapper, file: string, offset: number, maxBytes?: number): Promise<Uint8Array | undefined> {
  let handle: Buffer;
  try {
    handle = await call<Buffer>((cb) => sftp.open(file, 'r', cb));
  } catch (e) {
    if ((e as SftpError).code === NO_SUCH_FILE) return undefined;
    throw e;
  }
  try {
    const size = (await call<{ size: number }>((cb) => sftp.fstat(handle, cb))).size;
    const length = Math.max(0, Math.min(size - offset, maxBytes ?? Infinity));
    const buffer = Buffer.alloc(length);
    /** Where each chunk's bytes end: a file that shrank meanwhile yields fewer. */
    const ends: number[] = [];
    await inFlight(Math.ceil(length / CHUNK), async (i) => {
      const start = i * CHUNK;
      const want = Math.min(CHUNK, length - start);
      let got = 0;
      // A server may return fewer bytes than asked; ask again for the rest until the file ends.
      while (got < want) {
        const n = await call<number>((cb) => sftp.read(handle, buffer, start + got, want - got, offset + start + got, (err: SftpError | undefined, bytesRead) => (err?.code === EOF ? cb(undefined, 0) : cb(err, bytesRead))));
        if (n === 0) break;
        got += n;
      }
      ends[i] = start + got;
    });
    // Only the bytes up to the first short chunk are contiguous.
    let end = 0;
    for (const [i, chunkEnd] of ends.entries()) {
      end = chunkEnd;
      if (chunkEnd < Math.min((i + 1) * CHUNK, length)) break;
    }
    return buffer.subarray(0, end);
  } finally {
    await call<void>((cb) => sftp.close(handle, (err) => cb(err, undefined))).catch(() => undefined);
  }
}
