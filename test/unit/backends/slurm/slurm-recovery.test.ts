/** The engine and the controller each die mid-run; jobs go on, and nothing is submitted twice. */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { assertResumedFromCheckpoints, assertSettled, engineLog, events, exited, onlyRun, rung, rungAsync, waitFor, workspace } from '../../engine/engine-harness';
import { startSlurm, type SlurmCluster } from './slurm-cluster';
import { assertOneJobPerLaunch, writeSlurmStudy } from './slurm-study';

let cluster: SlurmCluster;
before(async () => {
  cluster = await startSlurm({ gpus: 2 });
});
after(() => cluster?.stop());

for (const [crash, when] of [
  ['trial-launched:3', 'while two jobs run and one waits for a GPU'],
  ['launch-intent:2', 'between deciding on a launch and submitting it'],
  ['trial-launched:6', 'after promotions began'],
] as const) {
  test(`the engine killed ${when} resumes every job once`, () => {
    const ws = workspace();
    const study = writeSlurmStudy(ws, { trials: 6, parallel: 3, sleep: 0.3 });
    const first = rung(['run', study, '--workspace', ws], ws, { ...cluster.env, RUNG_CRASH_AFTER: crash });
    assert.equal(first.status, null, first.stderr);
    const run = onlyRun(ws);
    const resumed = rung(['resume', run.id, '--workspace', ws], ws, cluster.env);
    assert.equal(resumed.status, 0, resumed.stderr + resumed.stdout);
    const state = assertSettled(run, ['paused', 'completed']);
    assert.equal(state.order.length, 6);
    assertResumedFromCheckpoints(run);
    assertOneJobPerLaunch(cluster, run);
    fs.rmSync(ws, { recursive: true, force: true });
  });
}

test('slurmctld restarted mid-run: the engine waits for it and the run completes', async () => {
  const ws = workspace();
  const study = writeSlurmStudy(ws, { trials: 6, parallel: 3, sleep: 0.5 });
  const engine = rungAsync(['run', study, '--workspace', ws], ws, cluster.env);
  await waitFor('t0003 to be launched', () => {
    const runs = path.join(ws, '.rung', 'runs');
    return fs.existsSync(runs) && fs.readdirSync(runs).length === 1 && events(onlyRun(ws)).some((e) => e.type === 'trial-launched' && e.trial === 't0003');
  }, 60_000);
  const pidFile = path.join(cluster.base, 'run', 'slurmctld.pid');
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  process.kill(pid, 'SIGTERM');
  await waitFor('slurmctld to stop', () => !fs.existsSync(`/proc/${pid}`), 10_000);
  // Longer than squeue waits for a controller: the engine sees it fail.
  await new Promise((r) => setTimeout(r, 10_000));
  cp.execFileSync('slurmctld', ['-f', String(cluster.env['SLURM_CONF'])], { env: cluster.env });
  assert.equal(await exited(engine), 0);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['paused', 'completed']);
  assert.equal(state.order.length, 6);
  assert.match(engineLog(run), /squeue on this machine failed: .*Unable to contact slurm controller/);
  assert.match(engineLog(run), /slurm answers again/);
  assertResumedFromCheckpoints(run);
  assertOneJobPerLaunch(cluster, run);
  fs.rmSync(ws, { recursive: true, force: true });
});
