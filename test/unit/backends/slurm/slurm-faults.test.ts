/** Jobs that Slurm, or someone on the cluster, ends or moves behind the engine's back. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { assertSettled, events, exited, finalState, onlyRun, rungAsync, waitFor, workspace } from '../../engine/engine-harness';
import type { RunFolder } from '../../../../src/storage/run-folder';
import { startSlurm, type SlurmCluster } from './slurm-cluster';
import { assertOneJobPerLaunch, jobOf, writeSlurmStudy } from './slurm-study';

let cluster: SlurmCluster;
before(async () => {
  cluster = await startSlurm({ gpus: 2 });
});
after(() => cluster?.stop());

function runOf(ws: string): RunFolder | undefined {
  return fs.existsSync(path.join(ws, '.rung', 'runs')) && fs.readdirSync(path.join(ws, '.rung', 'runs')).length === 1 ? onlyRun(ws) : undefined;
}

/** The job of a launch once it runs (its script has printed the GPU line into the trial log). */
async function runningJob(ws: string, launch: string): Promise<string> {
  let job: string | undefined;
  await waitFor(`${launch} to run`, () => {
    const run = runOf(ws);
    if (!run) return false;
    job = jobOf(run, launch);
    const log = path.join(run.dir, 'trials', launch.slice(0, launch.lastIndexOf('.')), 'log');
    return job !== undefined && fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('gpus=');
  }, 60_000);
  return job as string;
}

function jobState(job: string): string {
  return cluster.sh(`squeue --noheader --states=all --jobs=${job} --format=%T`).trim();
}

test('a job cancelled from outside fails its trial without a retry; a requeued job runs again and its trial goes on', async () => {
  const ws = workspace();
  const study = writeSlurmStudy(ws, { trials: 4, parallel: 2, sleep: 1.5, max: 3 });
  const engine = rungAsync(['run', study, '--workspace', ws], ws, cluster.env);
  const cancelled = await runningJob(ws, 't0001.1');
  cluster.sh(`scancel ${cancelled}`);
  const requeued = await runningJob(ws, 't0002.1');
  cluster.sh(`scontrol requeue ${requeued}`);
  // Slurm holds a requeued job back for a while; let it start again now.
  await waitFor('the requeued job to wait', () => jobState(requeued) === 'PENDING', 10_000);
  cluster.sh(`scontrol update JobId=${requeued} StartTime=now`);
  assert.equal(await exited(engine), 0);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['paused', 'completed', 'failed']);
  const t1 = state.trials.get('t0001');
  assert.equal(t1?.state, 'failed');
  assert.match(t1?.endReason ?? '', /cancelled the job outside Rung/);
  assert.equal(t1?.launches.length, 1, 't0001 was launched again after being cancelled');
  const t2 = state.trials.get('t0002');
  assert.ok(t2?.state === 'paused' || t2?.state === 'completed', `t0002 ended ${t2?.state}: ${t2?.endReason}`);
  assert.equal(events(run).filter((e) => e.type === 'trial-launched' && e.trial === 't0002' && e.launch === 't0002.1').length, 1);
  assert.match(fs.readFileSync(path.join(run.dir, 'trials', 't0002', 'log'), 'utf8'), /DUE TO JOB REQUEUE[\s\S]*gpus=/);
  assert.equal([...state.trials.values()].filter((t) => t.state === 'failed').length, 1);
  assertOneJobPerLaunch(cluster, run);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a job that hits its time limit fails its trial, saying so, without a retry', async () => {
  const ws = workspace();
  const study = writeSlurmStudy(ws, { trials: 1, parallel: 1, sleep: 120, max: 1 });
  const engine = rungAsync(['run', study, '--workspace', ws], ws, cluster.env);
  const job = await runningJob(ws, 't0001.1');
  // The limit ends now; Slurm enforces limits on its own clock (within about 30 s).
  cluster.sh(`scontrol update JobId=${job} EndTime=$(date -d '+1 sec' +%Y-%m-%dT%H:%M:%S)`);
  assert.equal(await exited(engine), 0);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['failed']);
  const t = state.trials.get('t0001');
  assert.match(t?.endReason ?? '', /time limit/);
  assert.equal(t?.launches.length, 1);
  assert.equal(jobState(job), 'TIMEOUT');
  assertOneJobPerLaunch(cluster, run);
  assert.equal(finalState(run).order.length, 1);
  fs.rmSync(ws, { recursive: true, force: true });
});
