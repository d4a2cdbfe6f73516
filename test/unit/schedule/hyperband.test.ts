import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHyperband } from '../../../src/core/schedule/hyperband';
import { hyperbandBrackets } from '../../../src/core/schedule/plan';
import type { Objective } from '../../../src/core/schedule/scheduler';
import { RunLog } from './run-log';
import { simulate } from './simulate';

const BLEU: Objective[] = [{ name: 'bleu', mode: 'max' }];

/** Creates `count` trials where the scheduler says, with no results; returns trials and first resource per bracket. */
function assign(min: number, max: number, count: number, brackets?: number) {
  const hb = createHyperband({ min, max, eta: 3, mode: 'promotion', objectives: BLEU, ...(brackets !== undefined ? { brackets } : {}) });
  const log = new RunLog();
  const counts = new Map<number, number>();
  const resources = new Map<number, number>();
  const history: number[] = [];
  for (let i = 0; i < count; i++) {
    const action = hb.next(log.state, true);
    assert.equal(action?.kind, 'create');
    if (action?.kind !== 'create') break;
    log.create(`t${i}`, action.bracket);
    counts.set(action.bracket, (counts.get(action.bracket) ?? 0) + 1);
    resources.set(action.bracket, action.resource);
    history.push(action.bracket);
  }
  return { hb, counts, resources, history };
}

describe('Hyperband bracket assignment', () => {
  // Li et al. (JMLR 2018), Table 1: R = 81, eta = 3.
  const paper = { s: [4, 3, 2, 1, 0], n: [81, 34, 15, 8, 5], r: [1, 3, 9, 27, 81] };

  it('gives the brackets the n of the R = 81, eta = 3 table in every 143 trials, starting at its r', () => {
    for (const cycles of [1, 2]) {
      const { counts, resources } = assign(1, 81, 143 * cycles);
      assert.deepEqual(paper.s.map((s) => counts.get(s)), paper.n.map((n) => n * cycles));
      assert.deepEqual(paper.s.map((s) => resources.get(s)), paper.r);
    }
  });

  it('interleaves brackets: after any number of trials each is within one trial of its share', () => {
    const { history } = assign(1, 81, 143);
    const seen = new Map<number, number>();
    history.forEach((s, k) => {
      seen.set(s, (seen.get(s) ?? 0) + 1);
      paper.s.forEach((b, j) => {
        const share = ((k + 1) * (paper.n[j] as number)) / 143;
        assert.ok(Math.abs((seen.get(b) ?? 0) - share) < 1, `bracket ${b} after ${k + 1} trials: ${seen.get(b) ?? 0} vs ${share.toFixed(2)}`);
      });
    });
  });

  it('uses only the most aggressive brackets when `brackets` limits them', () => {
    const { counts } = assign(1, 81, 115, 2);
    assert.deepEqual([...counts.entries()].sort((a, b) => b[0] - a[0]), [[4, 81], [3, 34]]);
  });

  it('has the rungs of each bracket, bracket 0 going straight to max', () => {
    const { hb } = assign(1, 81, 0);
    assert.deepEqual(hb.rungs(4), [1, 3, 9, 27, 81]);
    assert.deepEqual(hb.rungs(2), [9, 27, 81]);
    assert.deepEqual(hb.rungs(0), [81]);
    assert.deepEqual(hb.rungs(7), []);
    const offLadder = createHyperband({ min: 1, max: 10, eta: 3, mode: 'promotion', objectives: BLEU });
    assert.deepEqual([3, 2, 1, 0].map((s) => offLadder.rungs(s)), [[1, 3, 9, 10], [3, 9, 10], [9, 10], [10]], 'a max off the ladder is one more rung');
  });

  it('runs the plan it shows when max is off the ladder: every bracket trains at least one trial to max', () => {
    const brackets = hyperbandBrackets(1, 10, 3);
    const hb = createHyperband({ min: 1, max: 10, eta: 3, mode: 'promotion', objectives: BLEU });
    for (const b of brackets) {
      assert.deepEqual(b.rows.map((r) => r.resource), hb.rungs(b.s), `bracket ${b.s}`);
      assert.ok((b.rows.at(-1)?.trials ?? 0) >= 1, `bracket ${b.s} ends with a trial at max`);
    }
    assert.deepEqual(brackets.map((b) => b.rows.map((r) => r.trials)), [[27, 9, 3, 1], [12, 4, 1], [6, 2], [4]]);
  });
});

describe('Hyperband promotions', () => {
  const hb = () => createHyperband({ min: 1, max: 9, eta: 3, mode: 'promotion', objectives: BLEU });

  it('promotes within each bracket, never across', () => {
    const log = new RunLog();
    // Bracket 2 (rungs 1, 3, 9): nine trials at 1, the best three promoted to 3 with high values.
    for (let i = 1; i <= 9; i++) log.finished(`y${i}`, 1, { bleu: i }, 'paused', 2);
    for (const [id, v] of [['y9', 102], ['y8', 101], ['y7', 100]] as const) log.promote(id, 0, 1).launch(id, 3).report(id, 3, { bleu: v }).end(id, 'paused');
    // Bracket 1 (rungs 3, 9): three trials at 3, far below bracket 2's values there.
    [10, 30, 20].forEach((v, i) => log.finished(`x${i + 1}`, 3, { bleu: v }, 'paused', 1));
    assert.deepEqual(hb().next(log.state, false), { kind: 'resume', trial: 'y9', resource: 9, fromRung: 1 });
    log.promote('y9', 1, 3).launch('y9', 9);
    // Pooled with bracket 2's rung at 3 (6 results, top 2 = y9, y8), x2 would never go on.
    assert.deepEqual(hb().next(log.state, false), { kind: 'resume', trial: 'x2', resource: 9, fromRung: 0 });
    log.promote('x2', 0, 3).launch('x2', 9);
    assert.equal(hb().next(log.state, false), undefined);
  });

  it('runs a whole budget with every bracket halving on its own', () => {
    // Each trial is worse than every earlier one, so no asynchronous promotion is overtaken
    // and each bracket's rung counts are those of synchronous successive halving.
    const run = simulate(hb(), { workers: 3, trials: 17, metric: (i, r) => ({ bleu: (100 - i) * r }) });
    const trials = [...run.log.state.trials.values()];
    const inBracket = (s: number) => trials.filter((t) => t.bracket === s);
    // n per bracket for R = 9, eta = 3: 9, 5, 3.
    assert.deepEqual([2, 1, 0].map((s) => inBracket(s).length), [9, 5, 3]);
    assert.deepEqual([1, 3, 9].map((r) => inBracket(2).filter((t) => t.reached >= r).length), [9, 3, 1]);
    assert.deepEqual([3, 9].map((r) => inBracket(1).filter((t) => t.reached >= r).length), [5, 1]);
    assert.ok(inBracket(0).every((t) => t.reached === 9 && t.state === 'completed'));
    assert.ok(trials.every((t) => t.state === 'completed' || (t.state === 'paused' && t.reached < 9)));
  });

  it('refuses a ladder with no rung', () => {
    assert.throws(() => createHyperband({ min: 5, max: 1, eta: 3, mode: 'promotion', objectives: BLEU }), /min > 0, max >= min/);
  });
});

describe('Hyperband, stopping mode', () => {
  const hb = () => createHyperband({ min: 1, max: 9, eta: 3, mode: 'stopping', objectives: BLEU });

  it('starts every trial towards max, in the bracket whose turn it is', () => {
    const log = new RunLog();
    assert.deepEqual(hb().next(log.state, true), { kind: 'create', bracket: 2, resource: 9 });
    log.create('a', 2);
    assert.deepEqual(hb().next(log.state, true), { kind: 'create', bracket: 1, resource: 9 });
    assert.equal(hb().next(log.state, false), undefined);
  });

  it("judges a trial at its own bracket's rungs against its own bracket", () => {
    const log = new RunLog();
    for (const [id, v] of [['y1', 50], ['y2', 60], ['y3', 70]] as const) log.create(id, 2).launch(id, 9).report(id, 3, { bleu: v });
    for (const [id, v] of [['x1', 5], ['x2', 4]] as const) log.create(id, 1).launch(id, 9).report(id, 3, { bleu: v });
    log.create('x3', 1).launch('x3', 9).report('x3', 3, { bleu: 6 });
    const decision = hb().onResult(log.state, log.trial('x3'), 3);
    assert.deepEqual([decision.action, decision.rung], ['continue', 0]);
    log.create('x4', 1).launch('x4', 9).report('x4', 1, { bleu: 1 });
    assert.deepEqual(hb().onResult(log.state, log.trial('x4'), 1), { action: 'continue' }, 'resource 1 is no rung of bracket 1');
    assert.equal(hb().onLaunchEnd(log.state, log.trial('x4')), 'completed');
  });
});
