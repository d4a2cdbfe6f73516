/**
 * Samples this machine's GPUs with one long-lived `nvidia-smi -lms` process
 * rather than one process per sample. If the engine dies, the sampler's pipe
 * closes and nvidia-smi ends on its next write, so nothing is left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { PowerSample } from '../../core/journal/events';
import type { Logger } from '../../core/ports';
import { gpuQueryArgs, POWER_FIELDS } from '../power/nvidia-smi';
import { PowerStream } from '../power/power-stream';

export class PowerSampler {
  private child: ChildProcess | undefined;
  private samples: PowerSample[] = [];

  constructor(nvidiaSmi: string, intervalMs: number, env: NodeJS.ProcessEnv, logger: Logger, onSample: () => void) {
    const stream = new PowerStream();
    const child = spawn(nvidiaSmi, gpuQueryArgs(POWER_FIELDS, intervalMs), { env, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const got = stream.push(chunk, Date.now());
      if (got.length === 0) return;
      this.samples.push(...got.map((r) => ({ gpu: r.gpu, t: r.t, watts: r.watts, util: r.util, memMiB: r.memMiB })));
      onSample();
    });
    child.on('error', (e) => logger.warn(`GPU power sampling could not start (${e.message}); energy falls back to estimates.`));
    child.on('exit', (code, signal) => {
      if (this.child) logger.warn(`GPU power sampling stopped (nvidia-smi ${signal ?? `exit ${code}`}); energy falls back to estimates.`);
      this.child = undefined;
    });
    child.unref();
    this.child = child;
  }

  /** The samples since the last call. */
  take(): PowerSample[] {
    const out = this.samples;
    this.samples = [];
    return out;
  }

  close(): void {
    const child = this.child;
    this.child = undefined;
    child?.kill();
  }
}
