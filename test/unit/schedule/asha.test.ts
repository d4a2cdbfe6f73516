import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAsha } from '../../../src/core/schedule/asha';
import { plan } from '../../../src/core/schedule/plan';
import type { Objective } from '../../../src/core/schedule/scheduler';
import { RunLog } from './run-log';
import { simulate } from './simulate';

const BLEU: Objective[] = [{ name: 'bleu', mode: 'max' }];
/** Quality of trials t1..t9 at resource 1; results scale with the resource, so the order holds at every rung. */
const BASE = [5, 8, 3, 9, 1, 7, 2, 6, 4];
const linear = (index: number, resource: number) => ({ bleu: (BASE[index] as number) * resource });

/** How many trials reached each rung of the ladder. */
function rungCounts(log: RunLog, levels: readonly number[]): number[] {
  const trials = [...log.state.trials.values()];
  return levels.map((r) => trials.filter((t) => t.reached >= r).length);
}

describe('ASHA, promotion mode', () => {
  const asha = () => createAsha({ min: 1, max: 9, eta: 3, mode: 'promotion', objectives: BLEU });

  it('has rungs min * eta^k up to max', () => {
    assert.deepEqual(asha().rungs(0), [1, 3, 9]);
    assert.deepEqual(createAsha({ min: 1, max: 10, eta: 3, mode: 'promotion', objectives: BLEU }).rungs(0), [1, 3, 9, 10]);
  });

  it('promotes asynchronously as in the hand-computed table (one worker, 9 trials, eta 3)', () => {
    const run = simulate(asha(), { workers: 1, trials: 9, metric: linear });
    // t2 is best of the first 3 results; t4 best of the first 4; at 9 results the top 3 are t4, t2, t6;
    // at rung 1 the first 3 results are t2 24, t4 27, t6 21, so t4 goes to 9.
    assert.deepEqual(run.actions, [
      'create t1@1', 'create t2@1', 'create t3@1', 'resume t2@3',
      'create t4@1', 'resume t4@3',
      'create t5@1', 'create t6@1', 'create t7@1', 'create t8@1', 'create t9@1', 'resume t6@3',
      'resume t4@9',
    ]);
    assert.deepEqual(rungCounts(run.log, [1, 3, 9]), [9, 3, 1]);
    assert.equal(run.log.trial('t4').state, 'completed');
    assert.deepEqual(run.log.trial('t4').promotedFrom, [1, 3]);
    assert.equal(run.log.trial('t1').state, 'paused');
  });

  it('promotes on the results so far, so a trial later pushed out of the top still went on (Li et al. 2020, sec. 3.3)', () => {
    const run = simulate(asha(), { workers: 1, trials: 6, metric: (i, r) => ({ bleu: ([1, 2, 3, 9, 8, 7][i] as number) * r }) });
    assert.deepEqual(run.actions.filter((a) => a.startsWith('resume')), ['resume t3@3', 'resume t4@3', 'resume t5@3', 'resume t4@9']);
    assert.deepEqual(rungCounts(run.log, [1, 3, 9]), [6, 3, 1], 'three went to rung 1 although floor(6/3) = 2');
  });

  it('gives exactly the successive-halving table of the plan when each rung fills before promotions', () => {
    for (const [max, trials] of [[9, 9], [27, 27], [81, 81]] as const) {
      const run = simulate(createAsha({ min: 1, max, eta: 3, mode: 'promotion', objectives: BLEU }), {
        workers: trials, trials, metric: (i, r) => ({ bleu: ((i * 7) % trials) * r }),
      });
      const table = plan({ type: 'asha', min: 1, max, reduction: 3 })[0]?.rows ?? [];
      assert.deepEqual(rungCounts(run.log, table.map((row) => row.resource)), table.map((row) => row.trials), `max ${max}`);
    }
  });

  it('runs the plan it shows when max is off the ladder: reaching max from the last level under it is one more rung', () => {
    const asha10 = createAsha({ min: 1, max: 10, eta: 3, mode: 'promotion', objectives: BLEU });
    const table = plan({ type: 'asha', min: 1, max: 10, reduction: 3 })[0]?.rows ?? [];
    assert.deepEqual(table.map((row) => row.resource), asha10.rungs(0));
    const run = simulate(asha10, { workers: 27, trials: 27, metric: (i, r) => ({ bleu: ((i * 7) % 27) * r }) });
    assert.deepEqual(rungCounts(run.log, table.map((row) => row.resource)), table.map((row) => row.trials));
    assert.deepEqual(table.map((row) => row.trials), [27, 9, 3, 1]);
  });

  it('once no trial can be created, promotes the best waiting trial of a rung too small for floor(n/eta)', () => {
    const log = new RunLog();
    [5, 8, 3].forEach((v, i) => log.finished(`t${i + 1}`, 1, { bleu: v }));
    log.promote('t2', 0, 1).launch('t2', 3).report('t2', 3, { bleu: 9 }).end('t2', 'paused');
    assert.deepEqual(asha().next(log.state, true), { kind: 'create', bracket: 0, resource: 1 }, 'while trials may come, rung 3 waits for three results');
    assert.deepEqual(asha().next(log.state, false), { kind: 'resume', trial: 't2', resource: 9, fromRung: 1 });
    log.promote('t2', 1, 3).launch('t2', 9).report('t2', 9, { bleu: 10 }).end('t2', 'completed');
    assert.equal(asha().next(log.state, false), undefined, 'rung 1 already sent its best on');
  });

  it('ranks by the objective mode: with min, the smallest values go on', () => {
    const log = new RunLog();
    [4, 2, 9].forEach((v, i) => log.finished(`t${i + 1}`, 1, { loss: v }));
    const minimise = createAsha({ min: 1, max: 9, eta: 3, mode: 'promotion', objectives: [{ name: 'loss', mode: 'min' }] });
    assert.deepEqual(minimise.next(log.state, false), { kind: 'resume', trial: 't2', resource: 3, fromRung: 0 });
  });

  it('looks at the highest rung first', () => {
    const log = new RunLog();
    for (let i = 1; i <= 6; i++) log.finished(`a${i}`, 1, { bleu: i });
    for (let i = 1; i <= 3; i++) log.create(`b${i}`).launch(`b${i}`, 1).report(`b${i}`, 1, { bleu: 10 + i }).end(`b${i}`, 'paused')
      .promote(`b${i}`, 0, 1).launch(`b${i}`, 3).report(`b${i}`, 3, { bleu: 20 + i }).end(`b${i}`, 'paused');
    assert.deepEqual(asha().next(log.state, true), { kind: 'resume', trial: 'b3', resource: 9, fromRung: 1 });
  });

  it('never promotes a trial twice from the same rung, and creates when nothing is promotable', () => {
    const log = new RunLog();
    [5, 8, 3].forEach((v, i) => log.finished(`t${i + 1}`, 1, { bleu: v }));
    log.promote('t2', 0, 1);
    assert.deepEqual(asha().next(log.state, true), { kind: 'create', bracket: 0, resource: 1 });
    assert.equal(asha().next(log.state, false), undefined);
  });

  it('counts failed and stopped results at a rung but promotes only paused trials with every value', () => {
    const log = new RunLog();
    log.finished('best', 1, { bleu: 50 }, 'stopped');
    log.create('crashed').launch('crashed', 1).report('crashed', 1, { bleu: 40 }).end('crashed', 'failed');
    log.finished('nan', 1, { bleu: Number.NaN });
    log.finished('asked-to-stop', 1, { bleu: 30 }).add({ type: 'control', request: 'stop-trial', trial: 'asked-to-stop' });
    log.finished('ok', 1, { bleu: 20 });
    log.finished('worst', 1, { bleu: 10 });
    // 6 results: the top 2 (best, crashed) cannot run; nobody else is in the top 2.
    assert.deepEqual(asha().next(log.state, false), undefined);
    for (let i = 0; i < 3; i++) log.finished(`low${i}`, 1, { bleu: 1 });
    // 9 results: top 3 adds asked-to-stop, which the user stopped.
    assert.equal(asha().next(log.state, false), undefined);
    for (let i = 0; i < 3; i++) log.finished(`more${i}`, 1, { bleu: 2 });
    // 12 results: top 4 reaches ok.
    assert.deepEqual(asha().next(log.state, false), { kind: 'resume', trial: 'ok', resource: 3, fromRung: 0 });
  });

  it('leaves discarded trials out of the rung', () => {
    const log = new RunLog();
    log.finished('a', 1, { bleu: 3 });
    log.finished('b', 1, { bleu: 2 });
    log.create('gone').launch('gone', 1).report('gone', 1, { bleu: 9 }).end('gone', 'discarded');
    assert.deepEqual(asha().next(log.state, true), { kind: 'create', bracket: 0, resource: 1 });
  });

  it('counts trials that converged below a rung there with their final value, so a paused trial need not wait for longer curves', () => {
    const log = new RunLog();
    // Promoted towards 3, a and b ended at 2 (converged); c reached 3 and pauses there, best of the three.
    for (const [id, value, converged] of [['a', 4, true], ['b', 6, true], ['c', 8, false]] as const) {
      log.create(id).launch(id, 1).report(id, 1, { bleu: value - 1 }).end(id, 'paused').promote(id, 0, 1).launch(id, 3);
      if (converged) log.report(id, 2, { bleu: value }, true).end(id, 'completed');
      else log.report(id, 2, { bleu: value - 1 }).report(id, 3, { bleu: value }).end(id, 'paused');
    }
    assert.deepEqual(asha().next(log.state, false), { kind: 'resume', trial: 'c', resource: 9, fromRung: 1 });
  });

  it('pauses a launch below max and completes it at max or when the trial converged', () => {
    const log = new RunLog();
    log.create('a').launch('a', 1).report('a', 1, { bleu: 1 });
    log.create('b').launch('b', 9).report('b', 9, { bleu: 1 });
    log.create('c').launch('c', 3).report('c', 2, { bleu: 1 }, true);
    assert.equal(asha().onLaunchEnd(log.state, log.trial('a')), 'paused');
    assert.equal(asha().onLaunchEnd(log.state, log.trial('b')), 'completed');
    assert.equal(asha().onLaunchEnd(log.state, log.trial('c')), 'completed');
    assert.deepEqual(asha().onResult(log.state, log.trial('a'), 1), { action: 'continue' });
  });

  it('refuses a ladder with no rung, saying what to fix', () => {
    assert.throws(() => createAsha({ min: 0, max: 9, eta: 3, mode: 'promotion', objectives: BLEU }), /min > 0, max >= min and reduction >= 2/);
  });
});

describe('ASHA, stopping mode', () => {
  const asha = () => createAsha({ min: 1, max: 9, eta: 3, mode: 'stopping', objectives: BLEU });

  it('stops as in the hand-computed table (one worker, 9 trials, eta 3)', () => {
    const run = simulate(asha(), { workers: 1, trials: 9, metric: linear });
    assert.ok(run.actions.every((a) => a.endsWith('@9')), 'every trial is started towards max');
    // Rung 0 (resource 1): t3 is 3rd of 3; t5 5th of 5; t6 3rd of 6 (top 2); t7 6th of 7; t8 4th of 8; t9 6th of 9.
    // Rung 1 (resource 3): t4 is judged against t1 and t2 and is best.
    assert.deepEqual(run.stops.map((s) => `${s.trial}@${s.rung}`), ['t3@0', 't5@0', 't6@0', 't7@0', 't8@0', 't9@0']);
    const completed = [...run.log.state.trials.values()].filter((t) => t.state === 'completed').map((t) => t.id);
    assert.deepEqual(completed, ['t1', 't2', 't4']);
    assert.match(run.stops[2]?.reason ?? '', /rung 0 \(1\): 3rd of 6, outside the top 1\/3 \(best 2\)/);
  });

  it('with fewer than eta results at the rung, lets only the best of them go on', () => {
    const log = new RunLog();
    log.create('a').launch('a', 9).report('a', 1, { bleu: 1 });
    assert.equal(asha().onResult(log.state, log.trial('a'), 1).action, 'continue', 'the first result is the best so far');
    log.create('b').launch('b', 9).report('b', 1, { bleu: 0 });
    const worse = asha().onResult(log.state, log.trial('b'), 1);
    assert.equal(worse.action, 'stop');
    assert.equal(worse.rung, 0);
    assert.match(worse.reason ?? '', /rung 0 \(1\): 2nd of 2, outside the top 1\/3 \(best 1\)/);
    log.create('c').launch('c', 9).report('c', 1, { bleu: 2 });
    assert.equal(asha().onResult(log.state, log.trial('c'), 1).action, 'continue', 'a newcomer better than all before it goes on');
  });

  it('lets a newcomer tied with the cutoff go on, as Ray Tune and Optuna do', () => {
    const log = new RunLog();
    log.create('a').launch('a', 9).report('a', 1, { bleu: 5 });
    log.create('b').launch('b', 9).report('b', 1, { bleu: 5 });
    const tied = asha().onResult(log.state, log.trial('b'), 1);
    assert.equal(tied.action, 'continue');
    assert.match(tied.reason ?? '', /2nd of 2, within the top 1\/3 \(best 1, tied with the last of them\)/);
    log.create('c').launch('c', 9).report('c', 1, { bleu: 4 });
    assert.equal(asha().onResult(log.state, log.trial('c'), 1).action, 'stop', 'below the cutoff still stops');
  });

  it('judges only at the rung a result just crossed', () => {
    const log = new RunLog();
    for (const [id, v] of [['a', 5], ['b', 4], ['c', 3]] as const) log.create(id).launch(id, 9).report(id, 1, { bleu: v });
    log.report('a', 2, { bleu: 6 });
    assert.deepEqual(asha().onResult(log.state, log.trial('a'), 2), { action: 'continue' });
    log.report('a', 4, { bleu: 7 });
    assert.equal(asha().onResult(log.state, log.trial('a'), 4).rung, 1, 'a result jumping from 2 to 4 is judged at rung 1 (3)');
    log.report('a', 9, { bleu: 8 });
    assert.deepEqual(asha().onResult(log.state, log.trial('a'), 9), { action: 'continue' }, 'max is not a stopping rung');
  });

  it('judges a result read again after a restart exactly as the first time', () => {
    const log = new RunLog();
    log.create('a').launch('a', 9).report('a', 1, { bleu: 5 });
    log.create('b').launch('b', 9).report('b', 1, { bleu: 6 });
    const first = asha().onResult(log.state, log.trial('b'), 1);
    for (const [id, v] of [['c', 9], ['d', 8]] as const) log.create(id).launch(id, 9).report(id, 1, { bleu: v });
    // The engine restarts and reads b's log line again: the reducer merges it, the decision must not change.
    log.report('b', 1, { bleu: 6 });
    assert.deepEqual(asha().onResult(log.replayed(), log.trial('b'), 1), first);
    assert.equal(first.action, 'continue');
    // A newcomer is judged against all four earlier results.
    log.create('e').launch('e', 9).report('e', 1, { bleu: 4.5 });
    assert.equal(asha().onResult(log.state, log.trial('e'), 1).action, 'stop');
  });

  it('stops a trial with no value for the objective at a full rung', () => {
    const log = new RunLog();
    for (const [id, v] of [['a', 5], ['b', 4], ['c', Number.NaN]] as const) log.create(id).launch(id, 9).report(id, 1, { bleu: v });
    const decision = asha().onResult(log.state, log.trial('c'), 1);
    assert.equal(decision.action, 'stop');
    assert.match(decision.reason ?? '', /no value for every objective/);
  });

  it('completes every launch that ends cleanly and never creates without budget', () => {
    const log = new RunLog();
    log.create('a').launch('a', 9).report('a', 3, { bleu: 1 });
    assert.equal(asha().onLaunchEnd(log.state, log.trial('a')), 'completed');
    assert.deepEqual(asha().next(log.state, true), { kind: 'create', bracket: 0, resource: 9 });
    assert.equal(asha().next(log.state, false), undefined);
  });
});
