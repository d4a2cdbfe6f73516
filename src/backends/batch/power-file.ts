/**
 * Reads the power samples a job's sidecar appends beside its log
 * (job-script.ts): lines of "epoch seconds, " followed by nvidia-smi's
 * `--query-gpu=uuid,power.draw,utilization.gpu,memory.used` CSV. A file that
 * never appears (the node has no nvidia-smi) yields nothing, and energy
 * falls back to the configured watts.
 */
import type { PowerSample } from '../../core/journal/events';
import { parsePower } from '../power/nvidia-smi';
import type { HostShell } from '../shell/host-shell';

export class PowerFile {
  private offset = 0;
  private partial = '';

  constructor(private readonly shell: HostShell, readonly path: string, private readonly capBytes: number) {}

  async read(): Promise<PowerSample[]> {
    const bytes = await this.shell.readFile(this.path, this.offset, this.capBytes);
    if (!bytes || bytes.length === 0) return [];
    this.offset += bytes.length;
    return parsePowerLines(this.take(Buffer.from(bytes).toString('latin1')));
  }

  /** Complete lines only; a line cut by a read waits for its end. */
  private take(text: string): string {
    const all = this.partial + text;
    const end = all.lastIndexOf('\n');
    this.partial = all.slice(end + 1);
    return end < 0 ? '' : all.slice(0, end);
  }
}

export function parsePowerLines(text: string): PowerSample[] {
  const samples: PowerSample[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+), (.+)$/.exec(line.trim());
    if (!m) continue;
    try {
      for (const r of parsePower(m[2] ?? '')) if (r.gpu !== '') samples.push({ gpu: r.gpu, t: Number(m[1]) * 1000, watts: r.watts, util: r.util, memMiB: r.memMiB });
    } catch {
      // A line that is not a sample (a driver message) carries no reading.
    }
  }
  return samples;
}
