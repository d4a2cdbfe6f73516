import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { assertSettled, events, onlyRun, rung, workspace, writeStudy } from './engine-harness';

test('ASHA in stopping mode stops trials outside the top fraction at a rung, with the reason', () => {
  const ws = workspace();
  const study = writeStudy(ws, { sleep: 0.1, scheduler: 'scheduler: {type: asha, resource: epochs, min: 1, max: 9, reduction: 3, mode: stopping}' });
  const r = rung(['run', study, '--workspace', ws], ws);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['completed', 'stopped']);
  assert.equal(state.order.length, 9);
  const stopped = [...state.trials.values()].filter((t) => t.state === 'stopped');
  const completed = [...state.trials.values()].filter((t) => t.state === 'completed');
  assert.ok(stopped.length >= 3, `only ${stopped.length} trials were stopped`);
  assert.ok(completed.length >= 1);
  for (const t of [...state.trials.values()]) assert.equal(t.launches.length, 1, `${t.id} was launched again: stopping mode never pauses`);
  for (const t of stopped) {
    assert.ok(t.endReason && t.endReason.length > 0);
    assert.ok(t.reached < 9, `${t.id} reached ${t.reached} yet ended stopped`);
    assert.ok(events(run).some((e) => e.type === 'decision' && e.trial === t.id && e.action === 'stop'), `${t.id} has no stop decision`);
  }
  const best = [...state.trials.values()].sort((a, b) => Number(b.config['x']) - Number(a.config['x']))[0];
  assert.equal(best?.state, 'completed');
  fs.rmSync(ws, { recursive: true, force: true });
});

test('Hyperband runs trials in several brackets through the CLI', () => {
  const ws = workspace();
  const study = writeStudy(ws, { sleep: 0.02, trials: 12, scheduler: 'scheduler: {type: hyperband, resource: epochs, min: 1, max: 9, reduction: 3}' });
  const r = rung(['run', study, '--workspace', ws], ws);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['completed', 'stopped', 'paused']);
  const brackets = new Set([...state.trials.values()].map((t) => t.bracket));
  assert.ok(brackets.size >= 2, `all trials in bracket(s) ${[...brackets].join(', ')}`);
  // A bracket that starts at a later rung gives its trials a larger first budget.
  const firstBudget = new Map<number, number>();
  for (const t of state.trials.values()) firstBudget.set(t.bracket, t.launches[0]?.resource ?? 0);
  assert.ok(new Set(firstBudget.values()).size >= 2, JSON.stringify([...firstBudget]));
  fs.rmSync(ws, { recursive: true, force: true });
});
