/**
 * Turns the text of `nvidia-smi --query-gpu=<POWER_FIELDS> -lms N` into power
 * samples as it arrives, in whatever pieces a pipe or an SSH channel hands it
 * over: a line cut in two waits for its other half.
 */
import { parsePower, type GpuPowerReading } from './nvidia-smi';

export interface TimedPowerReading extends GpuPowerReading {
  readonly t: number;
}

export class PowerStream {
  private partial = '';

  /** Feeds a chunk read at time `t`; returns the samples completed by it. */
  push(chunk: string, t: number): TimedPowerReading[] {
    const text = this.partial + chunk;
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.partial = text;
      return [];
    }
    this.partial = text.slice(end + 1);
    const readings: TimedPowerReading[] = [];
    for (const line of text.slice(0, end).split('\n')) {
      try {
        for (const r of parsePower(line)) if (r.gpu !== '') readings.push({ ...r, t });
      } catch {
        // A line that is not a sample (a driver message mid-stream) carries no power reading.
      }
    }
    return readings;
  }
}
