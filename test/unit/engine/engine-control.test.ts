import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isEngineAlive } from '../../../src/storage/engine-lock';
import { alive, assertSettled, events, finalState, launchPid, onlyRun, rung, waitFor, workspace, writeStudy } from './engine-harness';

const SLOW = { sleep: 1, trials: 6, scheduler: 'scheduler: {type: fifo, resource: epochs, max: 20}' };

test('rung stop ends a detached run: running trials end stopped, the run ends stopped on request', async () => {
  const ws = workspace();
  const started = rung(['run', writeStudy(ws, SLOW), '--detach', '--workspace', ws], ws);
  assert.equal(started.status, 0, started.stderr);
  const run = onlyRun(ws);
  await waitFor('a trial to report', () => fs.existsSync(run.journal) && events(run).some((e) => e.type === 'metric'));
  const pids = ['t0001.1', 't0002.1', 't0003.1'].map((l) => launchPid(run, l));
  const stop = rung(['stop', run.id, '--workspace', ws], ws);
  assert.equal(stop.status, 0, stop.stderr);
  await waitFor('the engine to end', () => !isEngineAlive(run.dir) && finalState(run).ended !== undefined, 30_000);
  const state = assertSettled(run, ['stopped']);
  assert.equal(state.ended?.reason, 'stopped on request');
  assert.equal(state.ended?.halted, false);
  assert.equal(state.order.length, 3, 'no trial may start after the stop');
  for (const t of state.trials.values()) assert.equal(t.endReason, 'run stopped on request');
  for (const pid of pids) if (pid !== undefined) assert.ok(!alive(pid), `trial process ${pid} outlived the stop`);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('rung stop --trial stops one trial and the run goes on', async () => {
  const ws = workspace();
  const started = rung(['run', writeStudy(ws, { ...SLOW, sleep: 0.1, trials: 4, scheduler: 'scheduler: {type: fifo, resource: epochs, max: 15}' }), '--detach', '--workspace', ws], ws);
  assert.equal(started.status, 0, started.stderr);
  const run = onlyRun(ws);
  await waitFor('t0002 to run', () => fs.existsSync(run.journal) && finalState(run).trials.get('t0002')?.state === 'running');
  const stop = rung(['stop', run.id, '--trial', 't0002', '--workspace', ws], ws);
  assert.equal(stop.status, 0, stop.stderr);
  assert.match(stop.stdout, /asked the engine to stop t0002/);
  await waitFor('the run to end', () => finalState(run).ended !== undefined && !isEngineAlive(run.dir), 60_000);
  const state = assertSettled(run, ['completed', 'stopped']);
  assert.equal(state.trials.get('t0002')?.state, 'stopped');
  assert.equal(state.trials.get('t0002')?.endReason, 'stopped on request');
  assert.ok((state.trials.get('t0002')?.reached ?? 15) < 15);
  assert.deepEqual([...state.trials.values()].filter((t) => t.state === 'completed').map((t) => t.id), ['t0001', 't0003', 't0004']);
  assert.match(state.ended?.reason ?? '', /budget: 4 trials done/);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('rung stop without a live engine says how to resume instead of queueing a request no one reads', () => {
  const ws = workspace();
  const first = rung(['run', writeStudy(ws), '--workspace', ws], ws, { RUNG_CRASH_AFTER: 'trial-launched:1' });
  assert.equal(first.status, null);
  const run = onlyRun(ws);
  const stop = rung(['stop', run.id, '--workspace', ws], ws);
  assert.equal(stop.status, 1);
  assert.match(stop.stderr, new RegExp(`rung resume ${run.id}`));
  assert.ok(!fs.existsSync(path.join(run.dir, 'control.jsonl')));
  const resumed = rung(['resume', run.id, '--workspace', ws], ws);
  assert.equal(resumed.status, 0, resumed.stderr);
  assertSettled(run, ['paused', 'completed']);
  fs.rmSync(ws, { recursive: true, force: true });
});
