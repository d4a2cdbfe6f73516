import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapSlurmState, parseSacct, parseSqueue, saysNoAccounting, saysNoSuchJob } from '../../../../src/backends/slurm/slurm-states';

const pad = (cells: string[], widths = [30, 30, 200, 12]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0) + '|').join('');

test('squeue --Format output (padded columns, raw wait status) maps to phases, exit signals included', () => {
  // As Slurm 22.05 prints it for SQUEUE_FORMAT.
  const text = [
    pad(['2', 'FAILED', 'NonZeroExitCode', '768']),
    pad(['3', 'PENDING', 'Resources', '0']),
    pad(['1', 'RUNNING', 'None', '0']),
    pad(['4', 'TIMEOUT', 'TimeLimit', '9']),
    pad(['5', 'COMPLETING', 'TimeLimit', '0']),
    pad(['6', 'CANCELLED', 'None', '15']),
    pad(['7', 'COMPLETED', 'None', '0']),
    '',
  ].join('\n');
  const states = parseSqueue(text);
  assert.deepEqual(Object.fromEntries(states), {
    '2': { phase: 'ended', state: 'FAILED' },
    '3': { phase: 'pending', reason: 'Resources' },
    '1': { phase: 'running' },
    '4': { phase: 'ended', state: 'TIMEOUT', failure: 'it hit its time limit (slurm.time)', signal: 9 },
    '5': { phase: 'running' },
    '6': { phase: 'ended', state: 'CANCELLED', failure: 'cancelled from outside Rung (scancel)', signal: 15 },
    '7': { phase: 'ended', state: 'COMPLETED' },
  });
});

test('every state Slurm ends a job in says why, for failure rules; requeues and unknown states keep the job followed', () => {
  for (const [state, why] of [['OUT_OF_MEMORY', /memory/], ['NODE_FAIL', /node failed/], ['PREEMPTED', /preempted/], ['BOOT_FAIL', /boot/], ['DEADLINE', /deadline/]] as const) {
    const s = mapSlurmState(state);
    assert.ok(s.phase === 'ended' && why.test(s.failure ?? ''), `${state}: ${JSON.stringify(s)}`);
  }
  assert.deepEqual(mapSlurmState('REQUEUED', 'None'), { phase: 'requeued', reason: 'requeued' });
  assert.deepEqual(mapSlurmState('REQUEUE_HOLD', 'JobHeldAdmin'), { phase: 'requeued', reason: 'JobHeldAdmin' });
  assert.deepEqual(mapSlurmState('PENDING', 'BeginTime'), { phase: 'pending', reason: 'BeginTime' });
  assert.deepEqual(mapSlurmState('PENDING', 'None'), { phase: 'pending' });
  assert.deepEqual(mapSlurmState('FAILED', 'JobLaunchFailure'), { phase: 'ended', state: 'FAILED', failure: 'it failed (JobLaunchFailure)' });
  assert.deepEqual(mapSlurmState('SOME_NEW_STATE'), { phase: 'running' });
  assert.deepEqual(mapSlurmState('SUSPENDED'), { phase: 'running' });
});

test('sacct --parsable2 output: "CANCELLED by uid" and code:signal exit codes', () => {
  const states = parseSacct('12|CANCELLED by 0|0:15\n13|COMPLETED|0:0\n14|OUT_OF_MEMORY|0:125\n15|FAILED|3:0\n');
  assert.deepEqual(states.get('12'), { phase: 'ended', state: 'CANCELLED', failure: 'cancelled from outside Rung (scancel)', signal: 15 });
  assert.deepEqual(states.get('13'), { phase: 'ended', state: 'COMPLETED' });
  assert.equal(states.get('14')?.phase, 'ended');
  assert.deepEqual(states.get('15'), { phase: 'ended', state: 'FAILED' });
});

test('what the tools print when they cannot answer is recognised, not taken for silence', () => {
  assert.ok(saysNoSuchJob('slurm_load_jobs error: Invalid job id specified\n'));
  assert.ok(!saysNoSuchJob('slurm_load_jobs error: Unable to contact slurm controller (connect failure)'));
  assert.ok(saysNoAccounting('Slurm accounting storage is disabled\n'));
  assert.ok(!saysNoAccounting(''));
});
