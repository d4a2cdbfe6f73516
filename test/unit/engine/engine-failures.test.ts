import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { assertSettled, engineLog, events, onlyRun, rung, workspace, writeStudy } from './engine-harness';

const FIFO = 'scheduler: {type: fifo, resource: epochs, max: 3}';

test('a trial that runs out of GPU memory is discarded by the built-in rule, never retried', () => {
  const ws = workspace();
  const study = writeStudy(ws, { trainerArgs: '--mode oom', scheduler: FIFO, trials: 3 });
  const r = rung(['run', study, '--workspace', ws], ws);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['discarded']);
  for (const t of state.trials.values()) {
    assert.equal(t.launches.length, 1, `${t.id} was launched again`);
    assert.match(t.endReason ?? '', /ran out of GPU memory: RuntimeError: CUDA out of memory/);
  }
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a crashing trial is retried `retries` times (default 1) and then fails', () => {
  const ws = workspace();
  const study = writeStudy(ws, { trainerArgs: '--mode crash', scheduler: FIFO, trials: 2 });
  const r = rung(['run', study, '--workspace', ws], ws);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const state = assertSettled(onlyRun(ws), ['failed']);
  for (const t of state.trials.values()) {
    assert.equal(t.launches.length, 2);
    assert.equal(t.retries, 1);
    assert.match(t.endReason ?? '', /exit code 3; non-zero exit without a matching failure rule$/);
  }
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a failures rule with action: retry and max_retries launches a trial 1 + max_retries times', () => {
  const ws = workspace();
  const study = writeStudy(ws, {
    trainerArgs: '--mode crash', scheduler: FIFO, trials: 2,
    extra: "failures:\n  - {pattern: 'something broke', action: retry, max_retries: 2}",
  });
  const r = rung(['run', study, '--workspace', ws], ws);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const state = assertSettled(onlyRun(ws), ['failed']);
  for (const t of state.trials.values()) {
    assert.equal(t.launches.length, 3);
    assert.match(t.endReason ?? '', /matched your failure rule 'something broke'/);
  }
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a failures rule with action: halt ends the run halted, and rung run exits 1', () => {
  const ws = workspace();
  const study = writeStudy(ws, {
    trainerArgs: '--mode crash', scheduler: FIFO, trials: 6, parallel: 1,
    extra: "failures:\n  - {pattern: 'Traceback', action: halt}",
  });
  const r = rung(['run', study, '--workspace', ws], ws);
  assert.equal(r.status, 1, r.stderr + r.stdout);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['failed']);
  assert.equal(state.ended?.halted, true);
  assert.match(state.ended?.reason ?? '', /^halted: matched your failure rule 'Traceback'/);
  assert.equal(state.order.length, 1, 'no trial may start after the halt');
  const ended = events(run).filter((e) => e.type === 'run-ended');
  assert.equal(ended.length, 1);
  fs.rmSync(ws, { recursive: true, force: true });
});

test("a trial whose objective turns NaN (Python's json.dumps) is stopped and discarded", () => {
  const ws = workspace();
  const study = writeStudy(ws, { trainerArgs: '--mode nan', sleep: 0.3, scheduler: 'scheduler: {type: fifo, resource: epochs, max: 8}', trials: 2 });
  const r = rung(['run', study, '--workspace', ws], ws);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const state = assertSettled(onlyRun(ws), ['discarded']);
  for (const t of state.trials.values()) {
    assert.equal(t.endReason, 'score is NaN: the trial diverged');
    assert.ok(t.reached < 8, `${t.id} ran to ${t.reached} instead of being stopped`);
    assert.equal(t.launches.length, 1);
  }
  fs.rmSync(ws, { recursive: true, force: true });
});

for (const mode of ['garbage', 'flood']) {
  test(`a trial that prints ${mode === 'garbage' ? 'garbage (bad rung: JSON, NUL bytes, a 200 KB line)' : '50 MB to its log'} still has its metrics read`, () => {
    const ws = workspace();
    const study = writeStudy(ws, { trainerArgs: `--mode ${mode}`, scheduler: FIFO, trials: 3 });
    const r = rung(['run', study, '--workspace', ws], ws);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const run = onlyRun(ws);
    const state = assertSettled(run, ['completed']);
    for (const t of state.trials.values()) {
      assert.deepEqual(t.observations.map((o) => o.resource), [1, 2, 3]);
      assert.equal(t.launches.length, 1);
    }
    if (mode === 'garbage') assert.match(engineLog(run), /warn t0001\.1: ignored a 'rung:' line that is not JSON: \{not json\}/);
    fs.rmSync(ws, { recursive: true, force: true });
  });
}
