/**
 * Remote hosts for tests: folders on this machine, each reached through its
 * own LocalShell with its own label, workdir and PATH, where the nvidia-smi
 * stand-in reads that host's GPU list. TestShell wraps the real shell only
 * to count its commands and to make it stop answering, as a host that
 * drops off the network does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExecOptions, ExecResult, HostShell, ShellStream } from '../../../../src/backends/shell/host-shell';
import { LocalShell } from '../../../../src/backends/shell/local-shell';
import { fakeGpuBin } from '../../support/temp';

export class TestShell implements HostShell {
  execs = 0;
  unreachable = false;
  /** Delays every command this long, as a host on a congested link does. */
  stallMs = 0;
  private readonly inner: LocalShell;

  constructor(readonly label: string, env: NodeJS.ProcessEnv) {
    this.inner = new LocalShell(env, label);
  }

  async exec(command: string, options?: ExecOptions): Promise<ExecResult> {
    this.execs++;
    if (this.stallMs > 0) await new Promise((r) => setTimeout(r, this.stallMs));
    if (this.unreachable) throw new Error(`${this.label}: connection refused`);
    return this.inner.exec(command, options);
  }

  stream(command: string, onStdout: (text: string) => void): ShellStream {
    return this.inner.stream(command, onStdout);
  }

  writeFile(file: string, data: string | Uint8Array, mode?: number): Promise<void> {
    if (this.unreachable) return Promise.reject(new Error(`${this.label}: connection refused`));
    return this.inner.writeFile(file, data, mode);
  }

  readFile(file: string, offset?: number, maxBytes?: number): Promise<Uint8Array | undefined> {
    if (this.unreachable) return Promise.reject(new Error(`${this.label}: connection refused`));
    return this.inner.readFile(file, offset, maxBytes);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface TestHost {
  readonly name: string;
  readonly shell: TestShell;
  readonly workdir: string;
  /** The stand-in's state folder: `gpus`, `procs/`, `mode`. */
  readonly gpuDir: string;
}

export interface GpuLine {
  readonly uuid: string;
  readonly name?: string;
  readonly idleW?: string;
  readonly busyW?: string;
}

/** `gpus` undefined: a host without nvidia-smi on its PATH. */
export function makeHost(base: string, name: string, gpus: readonly GpuLine[] | undefined): TestHost {
  const root = path.join(base, name);
  const workdir = path.join(root, 'work');
  const gpuDir = path.join(root, 'gpu');
  fs.mkdirSync(workdir, { recursive: true });
  fs.mkdirSync(path.join(gpuDir, 'procs'), { recursive: true });
  fs.writeFileSync(path.join(gpuDir, 'gpus'), (gpus ?? []).map((g, i) => `${i}|${g.uuid}|${g.name ?? 'NVIDIA H100 80GB HBM3'}|${g.idleW ?? '70.00'}|${g.busyW ?? '600.00'}|81559|0\n`).join(''));
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  if (gpus) fs.symlinkSync(path.join(fakeGpuBin, 'nvidia-smi'), path.join(bin, 'nvidia-smi'));
  const env = { ...process.env, PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`, FAKE_GPU_DIR: gpuDir, HOME: root };
  return { name, shell: new TestShell(name, env), workdir, gpuDir };
}

export function gpuLines(prefix: string, n: number): GpuLine[] {
  return Array.from({ length: n }, (_, i) => ({ uuid: `GPU-${prefix}-${i}` }));
}
