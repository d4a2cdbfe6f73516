/**
 * A copy on this machine of a trial log that lives on the cluster: each
 * chunk read from the cluster is written at its own offset, so re-reading a
 * log from its start (after an engine restart) rewrites the same bytes
 * instead of appending them twice.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function logMirror(local: string): (bytes: Uint8Array, position: number) => void {
  return (bytes, position) => {
    fs.mkdirSync(path.dirname(local), { recursive: true });
    const fd = fs.openSync(local, fs.existsSync(local) ? 'r+' : 'w');
    try {
      fs.writeSync(fd, bytes, 0, bytes.length, position);
    } finally {
      fs.closeSync(fd);
    }
  };
}
