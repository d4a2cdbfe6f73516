/**
 * A journal of an ASHA-like run with two objectives (loss, cost; both
 * minimised), built from events the way an engine writes them: trials report
 * at rungs 1, 3, 9, 27, a third are promoted at each rung and the rest are
 * stopped; every launch holds one GPU. For chart tests and benchmarks of any size.
 */
import { JOURNAL_VERSION, type NewEvent, type RunEvent } from '../../../src/core/journal/events';
import { Random } from '../../../src/core/random';

export const SYNTHETIC_RUNGS = [1, 3, 9, 27];
const START = Date.UTC(2026, 0, 1);

export function syntheticRun(trials: number, seed = 1): RunEvent[] {
  const random = Random.fromSeed(seed);
  const events: RunEvent[] = [];
  let clock = START;
  const add = (e: NewEvent, at = clock) => events.push({ v: JOURNAL_VERSION, at, ...e } as RunEvent);
  add({ type: 'run-started', runId: '20260101-000000-abcd', studyFile: 'synthetic.rung.yaml', seed });
  for (let i = 0; i < trials; i++) {
    const trial = `t${String(i + 1).padStart(5, '0')}`;
    const lr = 10 ** (-4 + 2 * random.float());
    const width = 64 * (1 + random.int(0, 7));
    add({ type: 'trial-created', trial, config: { lr, width }, bracket: 0, resource: 1 });
    const quality = random.float();
    let reached = 0;
    for (const [k, rung] of SYNTHETIC_RUNGS.entries()) {
      const launch = `${trial}-l${k + 1}`;
      add({ type: 'launch-intent', trial, launch, resource: rung, fromResource: reached });
      add({ type: 'trial-launched', trial, launch, host: 'gpu1', gpus: [`GPU-${i % 8}`], handle: `pid ${i}` });
      clock += (rung - reached) * 60_000;
      const loss = 1 + quality * 2 + 3 / (1 + rung) + random.float() * 0.05;
      add({ type: 'metric', trial, launch, resource: rung, values: { loss, cost: width * rung * (1 + random.float() * 0.1) } });
      reached = rung;
      const last = k === SYNTHETIC_RUNGS.length - 1;
      const promote = !last && quality < 0.6 / 3 ** k;
      if (promote) {
        add({ type: 'decision', trial, action: 'promote', rung: k, resource: rung, reason: 'top third' });
        add({ type: 'trial-ended', trial, launch, state: 'paused', reason: 'rung reached' });
        continue;
      }
      if (!last) add({ type: 'decision', trial, action: 'stop', rung: k, resource: rung, reason: 'below the top third' });
      add({ type: 'trial-ended', trial, launch, state: last ? 'completed' : 'stopped', reason: last ? 'done' : 'stopped early' });
      break;
    }
  }
  add({ type: 'run-ended', reason: 'budget: trials' });
  return events;
}
