import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { assertJournalInvariants, assertResumedFromCheckpoints, events, FIXTURES, onlyRun, ROOT, rung, workspace } from './engine-harness';

const STUDY = path.join(FIXTURES, 'asha.rung.yaml');

interface Status {
  rungs: { resource: number; reached: number }[];
  trialList: { id: string; reached: number; config: { x: number } }[];
}

/**
 * Asynchronous ASHA promotes on partial information, so a rung may hold more
 * than n/eta trials; what must hold is that every trial reached rung 0 and the
 * top third by x (the score's order at every rung) reached rung 1.
 */
function assertAshaTable(status: Status): void {
  assert.deepEqual(status.rungs.map((r) => r.resource), [1, 3, 9]);
  assert.equal(status.rungs[0]?.reached, 9);
  assert.ok((status.rungs[1]?.reached ?? 0) >= 3 && (status.rungs[1]?.reached ?? 0) <= 5, JSON.stringify(status.rungs));
  assert.ok((status.rungs[2]?.reached ?? 0) >= 1, JSON.stringify(status.rungs));
  const byX = [...status.trialList].sort((a, b) => b.config.x - a.config.x);
  for (const t of byX.slice(0, 3)) assert.ok(t.reached >= 3, `${t.id} (x=${t.config.x}) is in the top third but reached only ${t.reached}`);
  assert.equal(byX[0]?.reached, 9);
}

test('an ASHA run on real processes fills the successive-halving table and ends', () => {
  const ws = workspace();
  const r = rung(['run', STUDY, '--workspace', ws], ws);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const run = onlyRun(ws);
  const evs = events(run);
  assertJournalInvariants(evs);
  assertResumedFromCheckpoints(run);
  const status = JSON.parse(rung(['status', run.id, '--json', '--workspace', ws], ws).stdout);
  assert.equal(status.trials, 9);
  assertAshaTable(status);
  assert.match(status.engine, /ended: budget: 9 trials done/);
  // The best trial is the one with the largest x, trained to the last rung.
  const best = status.leaderboards.score[0];
  const xs = status.trialList.map((t: { config: { x: number } }) => t.config.x);
  assert.equal(best.config.x, Math.max(...xs));
  assert.equal(best.resource, 9);
  assert.match(r.stdout, /leaderboard: score/);
  fs.rmSync(ws, { recursive: true, force: true });
});

for (const point of ['launch-intent:4', 'trial-launched:5', 'decision:1', 'metric:6', 'trial-ended:3']) {
  test(`killed with SIGKILL right after ${point}, the run resumes without losing or repeating work`, () => {
    const ws = workspace();
    const first = rung(['run', STUDY, '--workspace', ws], ws, { RUNG_CRASH_AFTER: point });
    assert.equal(first.status, null, `the engine should have been killed: ${first.stderr}`);
    const run = onlyRun(ws);
    const resumed = rung(['resume', run.id, '--workspace', ws], ws);
    assert.equal(resumed.status, 0, resumed.stderr + resumed.stdout);
    const evs = events(run);
    assertJournalInvariants(evs);
    assertResumedFromCheckpoints(run);
    assert.equal(evs.filter((e) => e.type === 'engine-started').length, 2);
    const status = JSON.parse(rung(['status', run.id, '--json', '--workspace', ws], ws).stdout);
    assert.equal(status.trials, 9);
    assertAshaTable(status);
    fs.rmSync(ws, { recursive: true, force: true });
  });
}

test('each trial gets its own copy of base_config with its values written in, the rest kept', () => {
  const ws = workspace();
  const r = rung(['run', path.join(FIXTURES, 'base-config.rung.yaml'), '--workspace', ws], ws);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const run = onlyRun(ws);
  assertJournalInvariants(events(run));
  const status = JSON.parse(rung(['status', run.id, '--json', '--workspace', ws], ws).stdout);
  assert.equal(status.states.completed, 4);
  for (const t of status.trialList as { id: string; config: Record<string, number> }[]) {
    const written = JSON.parse(fs.readFileSync(path.join(run.dir, 'trials', t.id, 'config.json'), 'utf8'));
    assert.deepEqual(written, { model: { x: t.config['model.x'], layers: 2 }, data: 'spirals' });
  }
  // The trainer read x from that file: its score is x at the last epoch.
  const best = status.leaderboards.score[0];
  assert.equal(best.value, Math.round(best.config['model.x'] * (1 - 0.5 ** 2) * 1e6) / 1e6);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a study this version cannot run here is refused before any run is created, never run elsewhere', () => {
  const ws = workspace();
  for (const [file, why] of [['slurm.rung.yaml', /the login node cannot be reached, so nothing was started: .*hpc-login/], ['table.rung.yaml', /rung bench/]] as const) {
    const r = rung(['run', path.join(ROOT, 'test', 'fixtures', 'valid', file), '--workspace', ws], ws);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, why);
  }
  assert.equal(fs.existsSync(path.join(ws, '.rung')), false);
  fs.rmSync(ws, { recursive: true, force: true });
});
