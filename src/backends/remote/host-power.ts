/**
 * Samples one host's GPUs through a single long-lived
 * `nvidia-smi --query-gpu=... -lms N` over the host's shell, not one command
 * per sample. The stream can end (the connection drops, the tool crashes):
 * it is started again after a pause that grows while it keeps failing and
 * resets once samples flow.
 */
import type { PowerSample } from '../../core/journal/events';
import type { Logger } from '../../core/ports';
import type { HostShell, ShellStream } from '../shell/host-shell';
import { gpuQueryArgs, POWER_FIELDS } from '../power/nvidia-smi';
import { PowerStream } from '../power/power-stream';
import { nvidiaSmiCommand } from './host-discovery';

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30_000;

export class HostPower {
  private stream: ShellStream | undefined;
  private samples: PowerSample[] = [];
  private retryMs = FIRST_RETRY_MS;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private warned = false;

  constructor(
    private readonly shell: HostShell,
    private readonly nvidiaSmi: string,
    private readonly intervalMs: number,
    /** The GPUs whose samples count: the host's `gpus:`, or all. */
    private readonly wanted: (gpu: string) => boolean,
    private readonly logger: Logger,
    private readonly onSample: () => void,
  ) {
    this.start();
  }

  /** The samples since the last call. */
  take(): PowerSample[] {
    const out = this.samples;
    this.samples = [];
    return out;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.stream?.close();
    this.stream = undefined;
  }

  private start(): void {
    const parser = new PowerStream();
    const stream = this.shell.stream(nvidiaSmiCommand(this.nvidiaSmi, gpuQueryArgs(POWER_FIELDS, this.intervalMs)), (chunk) => {
      const got = parser.push(chunk, Date.now()).filter((r) => this.wanted(r.gpu));
      if (got.length === 0) return;
      this.retryMs = FIRST_RETRY_MS;
      this.warned = false;
      this.samples.push(...got.map((r) => ({ gpu: r.gpu, t: r.t, watts: r.watts, util: r.util, memMiB: r.memMiB })));
      this.onSample();
    });
    this.stream = stream;
    void stream.ended.then((end) => {
      if (this.closed || this.stream !== stream) return;
      this.stream = undefined;
      if (!this.warned) {
        const why = end.signal ?? `exit ${end.code ?? '?'}${end.stderr.trim() ? `: ${end.stderr.trim().split('\n')[0]}` : ''}`;
        this.logger.warn(`${this.shell.label}: GPU power sampling stopped (${why}); starting it again in ${Math.round(this.retryMs / 1000)} s.`);
        this.warned = true;
      }
      this.timer = setTimeout(() => this.start(), this.retryMs);
      this.timer.unref();
      this.retryMs = Math.min(LAST_RETRY_MS, this.retryMs * 2);
    });
  }
}
