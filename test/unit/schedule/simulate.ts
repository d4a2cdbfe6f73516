/**
 * A minimal tuner loop on a simulated clock, for scheduler tests: it asks the
 * scheduler what to do when slots are free, trains launches one resource unit
 * per time unit (resources are whole numbers), reports a result at every
 * unit, and journals what the scheduler decides, as the engine's loop does.
 * Results due at the same time are all journalled before free slots are
 * filled, as a backend poll batches them.
 */
import type { Values } from '../../../src/core/journal/events';
import type { Scheduler, SchedulerAction } from '../../../src/core/schedule/scheduler';
import { RunLog } from './run-log';

export interface SimulationOptions {
  readonly workers: number;
  /** Trials the budget allows. */
  readonly trials: number;
  /** The metrics trial number `index` (0-based, creation order) reports at `resource`. */
  readonly metric: (index: number, resource: number) => Values;
  /** Called after each decision with the log it was made from (before the decision is journalled), for replay checks. */
  readonly onDecision?: (log: RunLog, call: DecisionCall, answer: unknown) => void;
}

export type DecisionCall = { readonly kind: 'next'; readonly mayCreate: boolean } | { readonly kind: 'result'; readonly trial: string; readonly resource: number };

export interface Simulation {
  readonly log: RunLog;
  /** Every action next() returned, in order: 'create t3@1' or 'resume t2@3'. */
  readonly actions: string[];
  /** Trials stopped early, with the rung they were stopped at. */
  readonly stops: { readonly trial: string; readonly rung: number; readonly reason: string }[];
}

interface Running {
  readonly trial: string;
  readonly index: number;
  readonly target: number;
  readonly started: number;
  readonly from: number;
}

export function simulate(scheduler: Scheduler, options: SimulationOptions): Simulation {
  const log = new RunLog();
  const actions: string[] = [];
  const stops: Simulation['stops'] = [];
  const running: Running[] = [];
  const indexOf = new Map<string, number>();
  let now = 0;

  const start = (action: SchedulerAction): void => {
    if (action.kind === 'create') {
      if (!Number.isInteger(action.resource)) throw new Error('the simulation trains whole resource units only');
      const index = indexOf.size;
      const trial = `t${index + 1}`;
      indexOf.set(trial, index);
      log.create(trial, action.bracket, { index });
      actions.push(`create ${trial}@${action.resource}`);
      log.launch(trial, action.resource);
      running.push({ trial, index, target: action.resource, started: now, from: 0 });
    } else {
      const from = log.trial(action.trial).reached;
      if (!Number.isInteger(from) || !Number.isInteger(action.resource)) throw new Error('the simulation trains whole resource units only');
      actions.push(`resume ${action.trial}@${action.resource}`);
      log.promote(action.trial, action.fromRung, scheduler.rungs(log.trial(action.trial).bracket)[action.fromRung] as number);
      log.launch(action.trial, action.resource);
      running.push({ trial: action.trial, index: indexOf.get(action.trial) as number, target: action.resource, started: now, from });
    }
  };

  const fill = (): void => {
    while (running.length < options.workers) {
      const mayCreate = indexOf.size < options.trials;
      const action = scheduler.next(log.state, mayCreate);
      options.onDecision?.(log, { kind: 'next', mayCreate }, action);
      if (!action) return;
      start(action);
    }
  };

  fill();
  while (running.length > 0) {
    now++;
    for (const r of [...running]) {
      const resource = r.from + (now - r.started);
      log.report(r.trial, resource, options.metric(r.index, resource));
      const decision = scheduler.onResult(log.state, log.trial(r.trial), resource);
      options.onDecision?.(log, { kind: 'result', trial: r.trial, resource }, decision);
      if (decision.rung !== undefined) {
        log.add({ type: 'decision', trial: r.trial, action: decision.action, rung: decision.rung, resource, reason: decision.reason ?? '' });
      }
      if (decision.action === 'stop') {
        stops.push({ trial: r.trial, rung: decision.rung ?? -1, reason: decision.reason ?? '' });
        log.end(r.trial, 'stopped');
        running.splice(running.indexOf(r), 1);
      } else if (resource >= r.target) {
        log.end(r.trial, scheduler.onLaunchEnd(log.state, log.trial(r.trial)));
        running.splice(running.indexOf(r), 1);
      }
    }
    fill();
  }
  return { log, actions, stops };
}
