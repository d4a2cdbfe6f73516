/** FIFO: every trial trains to max; nothing is stopped or paused early. */
import type { Scheduler } from './scheduler';

export function createFifo(max: number): Scheduler {
  return {
    rungs: () => [max],
    next: (_state, mayCreate) => (mayCreate ? { kind: 'create', bracket: 0, resource: max } : undefined),
    onResult: () => ({ action: 'continue' }),
    onLaunchEnd: () => 'completed',
  };
}
