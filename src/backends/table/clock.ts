/**
 * Time for table replays. Nothing really trains, so time passes only when the
 * table backend says the next checkpoint is due: a replay of days of training
 * runs in milliseconds, and journal timestamps read as if it had really run.
 */
import type { Clock } from '../../core/ports';

export class SimulatedClock implements Clock {
  private current: number;

  /** `start`: epoch milliseconds the simulated run begins at. */
  constructor(start = 0) {
    if (!Number.isFinite(start)) throw new RangeError(`a simulated clock starts at a finite time, not ${start}`);
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves to `at`; a time already past leaves the clock where it is (time never runs backwards). */
  advanceTo(at: number): void {
    if (at > this.current) this.current = at;
  }

  advanceBy(ms: number): void {
    if (ms > 0) this.advanceTo(this.current + ms);
  }
}
