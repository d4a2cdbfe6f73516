/**
 * Builds RunStates the way the engine does: journal events applied by the
 * real reducer. Each event gets the next tick of a fake clock.
 */
import { JOURNAL_VERSION, type NewEvent, type RunEvent, type Values } from '../../../src/core/journal/events';
import { emptyRun, reduce, replay } from '../../../src/core/journal/reducer';
import type { RunState, Trial } from '../../../src/core/journal/state';
import type { Config } from '../../../src/core/space/config';

export class RunLog {
  readonly events: RunEvent[] = [];
  readonly state: RunState = emptyRun();
  private tick = 0;
  private launches = 0;

  constructor(seed = 7) {
    this.add({ type: 'run-started', runId: 'run-1', studyFile: 'study.rung.yaml', seed, simulated: true });
  }

  add(event: NewEvent): this {
    const written = { ...event, v: JOURNAL_VERSION, at: ++this.tick } as RunEvent;
    this.events.push(written);
    reduce(this.state, written);
    return this;
  }

  trial(id: string): Trial {
    const t = this.state.trials.get(id);
    if (!t) throw new Error(`no trial ${id} in the test run`);
    return t;
  }

  create(id: string, bracket = 0, config: Config = { id }): this {
    return this.add({ type: 'trial-created', trial: id, config, bracket, resource: 0 });
  }

  /** Journals a launch intent and its confirmation, training from where the trial is to `resource`. */
  launch(id: string, resource: number): this {
    const launch = `${id}-l${++this.launches}`;
    this.add({ type: 'launch-intent', trial: id, launch, resource, fromResource: this.trial(id).reached });
    return this.add({ type: 'trial-launched', trial: id, launch, host: 'local', gpus: [], handle: launch });
  }

  report(id: string, resource: number, values: Values, converged = false): this {
    return this.add({ type: 'metric', trial: id, launch: this.currentLaunch(id), resource, values, ...(converged ? { converged } : {}) });
  }

  end(id: string, state: 'paused' | 'completed' | 'stopped' | 'failed' | 'discarded'): this {
    return this.add({ type: 'trial-ended', trial: id, launch: this.currentLaunch(id), state, reason: state });
  }

  promote(id: string, rung: number, fromResource: number): this {
    return this.add({ type: 'decision', trial: id, action: 'promote', rung, resource: fromResource, reason: 'test' });
  }

  /** A trial created, trained to `resource` with these values there, and ended in `state`. */
  finished(id: string, resource: number, values: Values, state: 'paused' | 'completed' | 'stopped' = 'paused', bracket = 0): this {
    return this.create(id, bracket).launch(id, resource).report(id, resource, values).end(id, state);
  }

  /** The state a restarted engine would rebuild: the journal written as JSON lines and replayed. */
  replayed(): RunState {
    return replay(this.events.map((e) => JSON.parse(JSON.stringify(e)) as RunEvent));
  }

  private currentLaunch(id: string): string {
    const l = this.trial(id).launches.at(-1);
    if (!l) throw new Error(`trial ${id} was never launched in the test run`);
    return l.id;
  }
}
