/**
 * Samples this machine's GPUs with one long-lived `nvidia-smi -lms` process
 * rather than one process per sample. If the engine dies, the sampler's pipe
 * closes and nvidia-smi ends on its next write, so nothing is left behind.
 * If nvidia-smi ends on its own (a driver reload, a crash), it is started
 * again after a pause that doubles while it keeps failing; the readings
 * missed in between are a gap the energy integration bridges and reports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { PowerSample } from '../../core/journal/events';
import type { Logger } from '../../core/ports';
import { gpuQueryArgs, POWER_FIELDS } from '../power/nvidia-smi';
import { PowerStream } from '../power/power-stream';

export interface PowerSamplerOptions {
  /** First pause before starting a stopped nvidia-smi again. Default 5 s; doubles up to 5 minutes. */
  readonly restartMs?: number;
}

const MAX_RESTART_MS = 5 * 60_000;

export class PowerSampler {
  private child: ChildProcess | undefined;
  private samples: PowerSample[] = [];
  private closed = false;
  private restartMs: number;
  private restart: NodeJS.Timeout | undefined;
  /** Warn once per outage, not at every failed restart. */
  private warned = false;

  constructor(
    private readonly nvidiaSmi: string,
    private readonly intervalMs: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logger: Logger,
    private readonly onSample: () => void,
    private readonly options: PowerSamplerOptions = {},
  ) {
    this.restartMs = options.restartMs ?? 5000;
    this.start();
  }

  private start(): void {
    // A fresh stream: a line the old process left half-written is not the new one's first.
    const stream = new PowerStream();
    const child = spawn(this.nvidiaSmi, gpuQueryArgs(POWER_FIELDS, this.intervalMs), { env: this.env, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const got = stream.push(chunk, Date.now());
      if (got.length === 0) return;
      this.samples.push(...got.map((r) => ({ gpu: r.gpu, t: r.t, watts: r.watts, util: r.util, memMiB: r.memMiB })));
      if (this.warned) this.logger.info('GPU power sampling is back.');
      this.warned = false;
      this.restartMs = this.options.restartMs ?? 5000;
      this.onSample();
    });
    child.on('error', (e) => {
      // It could not be started at all (not installed, not executable): starting it again will not help.
      this.child = undefined;
      this.logger.warn(`GPU power sampling could not start (${e.message}); energy falls back to estimates.`);
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      if (this.closed) return;
      if (!this.warned) this.logger.warn(`GPU power sampling stopped (nvidia-smi ${signal ?? `exit ${code}`}); starting it again in ${Math.round(this.restartMs / 1000)} s. Energy over the gap is bridged and reported as such.`);
      this.warned = true;
      this.restart = setTimeout(() => {
        this.restart = undefined;
        if (!this.closed) this.start();
      }, this.restartMs);
      this.restart.unref();
      this.restartMs = Math.min(MAX_RESTART_MS, this.restartMs * 2);
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
    this.closed = true;
    if (this.restart) clearTimeout(this.restart);
    const child = this.child;
    this.child = undefined;
    child?.kill();
  }
}
