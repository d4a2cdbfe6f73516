import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readEngineLock } from '../../../src/storage/engine-lock';
import { alive, assertResumedFromCheckpoints, assertSettled, engineLog, events, exited, finalState, launchPid, onlyRun, rung, rungAsync, waitFor, workspace, writeStudy } from './engine-harness';

test('a torn last journal line left by a killed engine is dropped with a warning, and the run completes', () => {
  const ws = workspace();
  const study = writeStudy(ws);
  const first = rung(['run', study, '--workspace', ws], ws, { RUNG_CRASH_AFTER: 'metric:4' });
  assert.equal(first.status, null, first.stderr);
  const run = onlyRun(ws);
  const half = '{"v":1,"at":1,"type":"metric","trial":"t0001","launch":"t0001.1","reso';
  fs.appendFileSync(run.journal, half);
  const resumed = rung(['resume', run.id, '--workspace', ws], ws);
  assert.equal(resumed.status, 0, resumed.stderr + resumed.stdout);
  assert.match(engineLog(run), new RegExp(`warn the journal's last line was torn .*its ${half.length} bytes were dropped`));
  assert.ok(!fs.readFileSync(run.journal, 'utf8').includes(half), 'the torn line is still in the journal');
  const state = assertSettled(run, ['paused', 'completed']);
  assert.equal(state.order.length, 9);
  assertResumedFromCheckpoints(run);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('the folder of a running trial deleted while the engine was dead fails that trial with a reason naming the folder', async () => {
  const ws = workspace();
  const study = writeStudy(ws, { sleep: 0.4 });
  const first = rung(['run', study, '--workspace', ws], ws, { RUNG_CRASH_AFTER: 'trial-launched:5' });
  assert.equal(first.status, null, first.stderr);
  const run = onlyRun(ws);
  const running = [...finalState(run).trials.values()].find((t) => t.state === 'running');
  assert.ok(running, 'expected a running trial');
  const pid = launchPid(run, running.launches[running.launches.length - 1]?.id ?? '');
  // Frozen while its folder goes, so the trial cannot write into it mid-deletion (ENOTEMPTY); it then runs on without it.
  const signal = (sig: NodeJS.Signals) => { try { if (pid !== undefined) process.kill(-pid, sig); } catch { /* the group already ended */ } };
  signal('SIGSTOP');
  fs.rmSync(path.join(run.dir, 'trials', running.id), { recursive: true, force: true, maxRetries: 10 });
  signal('SIGCONT');
  const resumed = rung(['resume', run.id, '--workspace', ws], ws);
  assert.equal(resumed.status, 0, resumed.stderr + resumed.stdout);
  const state = assertSettled(run, ['paused', 'completed', 'failed']);
  const gone = state.trials.get(running.id);
  assert.equal(gone?.state, 'failed');
  assert.match(gone?.endReason ?? '', new RegExp(`trials/${running.id} is gone`));
  assert.equal([...state.trials.values()].filter((t) => t.state === 'failed').length, 1);
  if (pid !== undefined) await waitFor(`the orphaned ${running.id} to be killed`, () => !alive(pid), 5000);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('the folder of a paused trial deleted while the engine was dead fails it when promoted, never restarting it from scratch', () => {
  const ws = workspace();
  const study = writeStudy(ws, { trials: 3, parallel: 1, scheduler: 'scheduler: {type: asha, resource: epochs, min: 1, max: 3, reduction: 3, mode: promotion}' });
  // After the third trial pauses at rung 0, the best of the three is promoted next.
  const first = rung(['run', study, '--workspace', ws], ws, { RUNG_CRASH_AFTER: 'trial-ended:3' });
  assert.equal(first.status, null, first.stderr);
  const run = onlyRun(ws);
  const best = [...finalState(run).trials.values()].sort((a, b) => Number(b.config['x']) - Number(a.config['x']))[0];
  assert.equal(best?.state, 'paused');
  fs.rmSync(path.join(run.dir, 'trials', best.id), { recursive: true, force: true });
  const resumed = rung(['resume', run.id, '--workspace', ws], ws);
  assert.equal(resumed.status, 0, resumed.stderr + resumed.stdout);
  const state = assertSettled(run, ['paused', 'failed']);
  const lost = state.trials.get(best.id);
  assert.equal(lost?.state, 'failed');
  assert.match(lost?.endReason ?? '', new RegExp(`trials/${best.id} is gone`));
  assert.ok(!fs.existsSync(path.join(run.dir, 'trials', best.id)), `${best.id} was started again from scratch`);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a trial killed from outside (kill -9 of its process group) fails, is retried once, and the run goes on', async () => {
  const ws = workspace();
  const study = writeStudy(ws, { sleep: 0.3 });
  const engine = rungAsync(['run', study, '--workspace', ws], ws);
  let pid: number | undefined;
  await waitFor('t0002 to start', () => {
    const runs = fs.existsSync(path.join(ws, '.rung', 'runs')) ? fs.readdirSync(path.join(ws, '.rung', 'runs')) : [];
    pid = runs.length === 1 ? launchPid(onlyRun(ws), 't0002.1') : undefined;
    return pid !== undefined;
  });
  process.kill(-(pid as number), 'SIGKILL');
  assert.equal(await exited(engine), 0);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['paused', 'completed']);
  const killed = state.trials.get('t0002');
  assert.equal(killed?.retries, 1);
  const first = events(run).find((e) => e.type === 'trial-ended' && e.launch === 't0002.1');
  assert.ok(first && first.type === 'trial-ended' && first.retry === true && first.state === 'failed', JSON.stringify(first));
  assert.match(first.reason, /killed from outside.*retrying \(1\/1\)/);
  assert.equal(state.order.length, 9);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('an engine killed with kill -9 leaves its trials running, and rung resume re-attaches to them', async () => {
  const ws = workspace();
  const study = writeStudy(ws, { sleep: 1.5, trials: 3, scheduler: 'scheduler: {type: fifo, resource: epochs, max: 2}' });
  const started = rung(['run', study, '--detach', '--workspace', ws], ws);
  assert.equal(started.status, 0, started.stderr);
  const run = onlyRun(ws);
  await waitFor('three trials to run', () => ['t0001.1', 't0002.1', 't0003.1'].every((l) => launchPid(run, l) !== undefined));
  const lock = readEngineLock(path.join(run.dir, 'engine.lock'));
  assert.ok(typeof lock === 'object');
  process.kill(lock.pid, 'SIGKILL');
  await waitFor('the engine to die', () => !alive(lock.pid), 5000);
  const pids = ['t0001.1', 't0002.1', 't0003.1'].map((l) => launchPid(run, l) as number);
  assert.ok(pids.every(alive), 'a trial died with its engine');
  const resumed = rung(['resume', run.id, '--workspace', ws], ws);
  assert.equal(resumed.status, 0, resumed.stderr + resumed.stdout);
  const state = assertSettled(run, ['completed']);
  assert.equal(state.engines.length, 2);
  assert.equal(state.order.length, 3);
  for (const id of ['t0001', 't0002', 't0003']) {
    assert.match(engineLog(run), new RegExp(`${id}: re-attached to the running launch ${id}\\.1`));
    assert.equal(state.trials.get(id)?.launches.length, 1, `${id} was launched again`);
  }
  fs.rmSync(ws, { recursive: true, force: true });
});
