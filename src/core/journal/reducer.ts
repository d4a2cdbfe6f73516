/**
 * The reducer: events -> RunState. Resume, every view and every scheduler
 * decision read this; nothing is ever serialised but the events.
 *
 * It updates the state in place: copying a map of 10,000 trials per event
 * would make replaying a long run quadratic. The state is owned by whoever
 * replays; everyone else sees it through readonly types.
 */
import type { RunEvent } from './events';
import type { Launch, PowerPoint, RunState, Trial } from './state';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableTrial = Mutable<Omit<Trial, 'observations' | 'launches' | 'promotedFrom'>> & { observations: Trial['observations'][number][]; launches: Mutable<Launch>[]; promotedFrom: number[] };
type MutableRun = Mutable<Omit<RunState, 'trials' | 'order' | 'engines' | 'power'>> & { trials: Map<string, MutableTrial>; order: string[]; engines: Mutable<RunState['engines'][number]>[]; power: Map<string, Map<string, PowerPoint[]>> };

export function emptyRun(): RunState {
  const s: MutableRun = {
    runId: '', studyFile: '', seed: 0, simulated: false, startedAt: 0, lastAt: 0,
    trials: new Map(), order: [], stopRequested: false, engines: [], power: new Map(), events: 0,
  };
  return s as RunState;
}

/** Applies one event to a state owned by the caller and returns it. */
export function reduce(state: RunState, e: RunEvent): RunState {
  const s = state as unknown as MutableRun;
  s.lastAt = Math.max(s.lastAt, e.at);
  s.events++;
  switch (e.type) {
    case 'run-started':
      s.runId = e.runId; s.studyFile = e.studyFile; s.seed = e.seed; s.simulated = e.simulated === true; s.startedAt = e.at;
      break;
    case 'engine-started':
      // A new engine resumes the run: an earlier end (a user's stop) no longer holds.
      s.engines.push({ pid: e.pid, host: e.host, at: e.at });
      delete s.ended;
      s.stopRequested = false;
      break;
    case 'trial-created':
      if (s.trials.has(e.trial)) break;
      s.trials.set(e.trial, {
        id: e.trial, config: e.config, bracket: e.bracket, resource: e.resource, ...(e.row !== undefined ? { row: e.row } : {}), ...(e.proposed !== undefined ? { proposed: e.proposed } : {}), createdAt: e.at,
        state: 'pending', observations: [], launches: [], reached: 0, converged: false, promotedFrom: [], retries: 0, stopRequested: false, earlyStopped: false,
      });
      s.order.push(e.trial);
      break;
    case 'launch-intent': {
      const t = s.trials.get(e.trial);
      if (!t) break;
      t.state = 'pending';
      t.launches.push({ id: e.launch, resource: e.resource, fromResource: e.fromResource, intentAt: e.at, gpus: [] });
      break;
    }
    case 'trial-launched': {
      const t = s.trials.get(e.trial);
      const l = t && launchOf(t, e.launch);
      if (!t || !l) break;
      if (t.state === 'pending') t.state = 'running';
      l.launchedAt = e.at; l.host = e.host; l.gpus = e.gpus; l.handle = e.handle;
      break;
    }
    case 'launch-failed': {
      const t = s.trials.get(e.trial);
      const l = t && launchOf(t, e.launch);
      if (!t || !l) break;
      l.failed = e.reason; l.endedAt = e.at;
      // Back to pending whatever it reached: a failed promotion must still run.
      t.state = 'pending';
      break;
    }
    case 'metric': {
      const t = s.trials.get(e.trial);
      if (!t) break;
      // Log lines read again after a restart carry resources already recorded: merge, never duplicate.
      const last = t.observations[t.observations.length - 1];
      if (last && last.launch === e.launch && last.resource === e.resource) {
        t.observations[t.observations.length - 1] = { ...last, values: { ...last.values, ...e.values } };
      } else if (t.observations.some((o) => o.launch === e.launch && o.resource > e.resource)) {
        break;
      } else {
        t.observations.push({ resource: e.resource, values: e.values, at: e.at, launch: e.launch });
      }
      t.reached = Math.max(t.reached, e.resource);
      if (e.converged) t.converged = true;
      break;
    }
    case 'decision': {
      const t = s.trials.get(e.trial);
      if (!t) break;
      if (e.action === 'promote') t.promotedFrom.push(e.resource);
      else if (e.action === 'stop') {
        t.stopRequested = true; t.stopReason = e.reason;
        // A scheduler's stop names the rung it judged at; a divergence stop has none (-1).
        if (e.rung >= 0) t.earlyStopped = true;
      }
      break;
    }
    case 'trial-ended': {
      const t = s.trials.get(e.trial);
      const l = t && launchOf(t, e.launch);
      if (!t) break;
      if (l) {
        if (l.endedAt !== undefined && l.endState !== undefined) break; // already ended: a replayed exit
        l.endedAt = e.at; l.endState = e.state;
        if (e.exitCode !== undefined) l.exitCode = e.exitCode;
      }
      t.state = e.retry ? 'pending' : e.state;
      if (e.retry) t.retries++;
      t.endReason = e.reason;
      break;
    }
    case 'power': {
      let host = s.power.get(e.host);
      if (!host) s.power.set(e.host, (host = new Map()));
      for (const p of e.samples) {
        let series = host.get(p.gpu);
        if (!series) host.set(p.gpu, (series = []));
        insertByTime(series, p.from !== undefined ? { t: p.t, watts: p.watts, from: p.from } : { t: p.t, watts: p.watts });
      }
      break;
    }
    case 'control':
      if (e.request === 'stop-run') s.stopRequested = true;
      else if (e.trial) {
        const t = s.trials.get(e.trial);
        if (t) { t.stopRequested = true; t.stopReason ??= 'stopped on request'; }
      }
      break;
    case 'run-ended':
      s.ended = { reason: e.reason, at: e.at, halted: e.halted === true };
      break;
  }
  return state;
}

export function replay(events: Iterable<RunEvent>, into: RunState = emptyRun()): RunState {
  for (const e of events) reduce(into, e);
  return into;
}

/** Samples almost always arrive in order; one that does not (two streams merged) is put in its place. */
function insertByTime(series: PowerPoint[], p: PowerPoint): void {
  let i = series.length;
  while (i > 0 && (series[i - 1] as PowerPoint).t > p.t) i--;
  series.splice(i, 0, p);
}

function launchOf(t: MutableTrial, id: string): Mutable<Launch> | undefined {
  for (let i = t.launches.length - 1; i >= 0; i--) if (t.launches[i]?.id === id) return t.launches[i];
  return undefined;
}
