/**
 * This machine as a HostShell: `/bin/sh -c` for commands and the file system
 * for files. The Slurm backend uses it for a local `sbatch`, and the remote
 * backend's tests use it for hosts that are folders on this machine.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExecOptions, ExecResult, HostShell, ShellStream } from './host-shell';

export class LocalShell implements HostShell {
  readonly label: string;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env, label = 'this machine') {
    this.label = label;
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command], { env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${this.label}: \`${command}\` did not finish within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      child.on('error', (e) => {
        if (timer) clearTimeout(timer);
        reject(new Error(`${this.label}: could not run /bin/sh (${e.message})`));
      });
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        resolve({ code, ...(signal ? { signal } : {}), stdout, stderr });
      });
      // A command that never reads its stdin must not fail the write.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin ?? '');
    });
  }

  stream(command: string, onStdout: (text: string) => void): ShellStream {
    const child = spawn('/bin/sh', ['-c', `exec ${command}`], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', onStdout);
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-4096)));
    const ended = new Promise<ExecResult>((resolve) => {
      child.on('error', (e) => resolve({ code: null, stdout: '', stderr: e.message }));
      child.on('close', (code, signal) => resolve({ code, ...(signal ? { signal } : {}), stdout: '', stderr }));
    });
    return { ended, close: () => void child.kill() };
  }

  async writeFile(file: string, data: string | Uint8Array, mode?: number): Promise<void> {
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    await fs.promises.writeFile(tmp, data, mode === undefined ? {} : { mode });
    await fs.promises.rename(tmp, file);
  }

  async readFile(file: string, offset = 0, maxBytes?: number): Promise<Uint8Array | undefined> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    try {
      const size = (await handle.stat()).size;
      const length = Math.max(0, Math.min(size - offset, maxBytes ?? Infinity));
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async close(): Promise<void> {
    // Nothing is held open between calls.
  }
}
