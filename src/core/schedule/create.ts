/** The scheduler a study asks for. */
import type { Scheduler as SchedulerSettings } from '../space/model';
import { createAsha } from './asha';
import { createFifo } from './fifo';
import { createHyperband } from './hyperband';
import type { Objective, Scheduler } from './scheduler';

export function createScheduler(settings: SchedulerSettings, objectives: readonly Objective[]): Scheduler {
  if (objectives.length === 0) throw new RangeError('a study needs at least one objective to schedule trials: add one under `objectives:`');
  const { min, max, reduction: eta, mode } = settings;
  switch (settings.type) {
    case 'fifo':
      if (!(max > 0)) throw new RangeError(`scheduler max must be > 0 (got ${max})`);
      return createFifo(max);
    case 'asha':
      return createAsha({ min, max, eta, mode, objectives });
    case 'hyperband':
      return createHyperband({ min, max, eta, mode, objectives, ...(settings.brackets !== undefined ? { brackets: settings.brackets } : {}) });
  }
}
