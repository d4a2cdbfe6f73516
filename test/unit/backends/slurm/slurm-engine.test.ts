import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { SlurmBackend } from '../../../../src/backends/slurm/slurm-backend';
import { fakeGpuBin, recordingLogger, removeDir, tempDir } from '../../support/temp';
import type { BackendEvent } from '../../../../src/core/ports';
import { drain, request } from '../contract';
import { assertResumedFromCheckpoints, assertSettled, engineLog, onlyRun, rung, workspace } from '../../engine/engine-harness';
import { startSlurm, type SlurmCluster } from './slurm-cluster';
import { assertOneJobPerLaunch, writeSlurmStudy } from './slurm-study';

let cluster: SlurmCluster;
before(async () => {
  cluster = await startSlurm({ gpus: 2 });
});
after(() => cluster?.stop());

test('an ASHA run (promotion mode) on Slurm with two GPUs: each trial a job with one GPU, promoted in the same trial folder', () => {
  const ws = workspace();
  // Three jobs at once for two GPUs: one always waits in the queue, holding its slot.
  const study = writeSlurmStudy(ws, { parallel: 3 });
  const r = rung(['run', study, '--workspace', ws], ws, cluster.env);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['paused', 'completed']);
  assert.equal(state.order.length, 9);
  assert.ok([...state.trials.values()].some((t) => t.launches.length > 1), 'no trial was promoted');
  assertResumedFromCheckpoints(run);
  assertOneJobPerLaunch(cluster, run);
  for (const t of state.trials.values()) {
    const log = fs.readFileSync(path.join(run.dir, 'trials', t.id, 'log'), 'utf8');
    const gpus = [...log.matchAll(/^gpus=(.*)$/gm)].map((m) => m[1]);
    assert.equal(gpus.length, t.launches.length, `${t.id}: one GPU line per launch expected in ${log}`);
    for (const g of gpus) assert.match(g ?? '', /^[01]$/, `${t.id} ran on GPUs "${g}"`);
  }
  assert.match(engineLog(run), /waits in the queue \(Resources\)/);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('the generic cluster templates drive the same Slurm through sbatch, squeue and scancel', () => {
  const ws = workspace();
  const place = [
    'cluster:',
    '  submit: sbatch --parsable --gres=gpu:1 --job-name=generic {script}',
    '  job_id: ^(\\d+)',
    '  status: squeue --noheader --jobs={job} --format=%T',
    '  running: PENDING|RUNNING|CONFIGURING|COMPLETING',
    '  cancel: scancel {job}',
  ].join('\n');
  const study = writeSlurmStudy(ws, { place, trials: 4, parallel: 2, max: 3 });
  const r = rung(['run', study, '--workspace', ws], ws, cluster.env);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['paused', 'completed']);
  assert.equal(state.order.length, 4);
  assertResumedFromCheckpoints(run);
  const t = state.trials.get('t0001');
  assert.match(fs.readFileSync(path.join(run.dir, 'trials', 't0001', 'log'), 'utf8'), /^gpus=[01]$/m);
  assert.ok((t?.observations.length ?? 0) > 0);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('sbatch reads quoted #SBATCH values as written: the log of a run folder with a space and a quote', async () => {
  const parent = tempDir('rung-slurm-quoting-');
  const runDir = path.join(parent, "my run's");
  fs.mkdirSync(runDir);
  const backend = new SlurmBackend({ runId: 'q-1', runDir, shell: cluster.shell, spec: { extra: [] }, gpusPerTrial: 1, parallel: 1, logger: recordingLogger(), pollIntervalMs: 100 });
  try {
    const [slot] = await backend.freeSlots();
    assert.ok(slot);
    await backend.launch(request(slot, 't0001', 't0001.1', 'echo "gpu $CUDA_VISIBLE_DEVICES"'));
    const { output, exit } = await drain(backend, 't0001.1', 30_000);
    assert.equal(exit.exitCode, 0);
    assert.match(output, /^gpu [01]\n$/);
    assert.equal(fs.readFileSync(path.join(runDir, 'trials', 't0001', 'log'), 'utf8'), output);
  } finally {
    await backend.close();
    removeDir(parent);
  }
});

test('a job on a node with nvidia-smi samples its own GPU beside the log, and the samples arrive as power events', async () => {
  const runDir = tempDir('rung-slurm-power-');
  const backend = new SlurmBackend({ runId: 'p-1', runDir, shell: cluster.shell, spec: { extra: [] }, gpusPerTrial: 1, parallel: 1, logger: recordingLogger(), pollIntervalMs: 100, powerIntervalS: 1 });
  try {
    const [slot] = await backend.freeSlots();
    assert.ok(slot);
    // The stand-in nvidia-smi (test/infra/fakegpu) on the job's PATH makes this node one with GPUs.
    await backend.launch(request(slot, 't0001', 't0001.1', 'echo "gpu $CUDA_VISIBLE_DEVICES"; sleep 2.5', { env: { PATH: `${fakeGpuBin}:${process.env['PATH'] ?? ''}` } }));
    const others: BackendEvent[] = [];
    const { output, exit } = await drain(backend, 't0001.1', 30_000, others);
    assert.equal(exit.exitCode, 0);
    const index = Number(/^gpu (\d)$/m.exec(output)?.[1]);
    const uuid = fs.readFileSync(path.join(fakeGpuBin, 'gpus'), 'utf8').split('\n')[index]?.split('|')[1];
    const samples = others.flatMap((e) => (e.type === 'power' ? e.samples : []));
    assert.ok(samples.length >= 2, `expected power samples, got ${JSON.stringify(others)}`);
    // Only the GPU Slurm gave the job is sampled.
    assert.deepEqual([...new Set(samples.map((s) => s.gpu))], [uuid]);
    for (const s of samples) {
      assert.ok(typeof s.watts === 'number' && s.watts > 0);
      assert.ok(Math.abs(s.t - Date.now()) < 60_000, `sample time ${s.t} is not now`);
    }
  } finally {
    await backend.close();
    removeDir(runDir);
  }
});

test('with the cluster\'s run folder elsewhere, each trial log is mirrored into the local run folder byte for byte', async () => {
  const runDir = tempDir('rung-slurm-local-');
  const clusterRunDir = tempDir('rung-slurm-shared-');
  const make = () => new SlurmBackend({ runId: 'm-1', runDir, clusterRunDir, shell: cluster.shell, spec: { extra: [] }, gpusPerTrial: 0, parallel: 2, logger: recordingLogger(), pollIntervalMs: 100 });
  const backend = make();
  try {
    const [slot] = await backend.freeSlots();
    assert.ok(slot);
    assert.equal(backend.trialDir('t0001'), path.join(clusterRunDir, 'trials', 't0001'));
    await backend.launch(request(slot, 't0001', 't0001.1', 'printf "caf\\303\\251 one\\n"; sleep 0.5; echo two'));
    const first = await drain(backend, 't0001.1', 30_000);
    assert.equal(first.output, 'café one\ntwo\n');
    await backend.launch(request(slot, 't0001', 't0001.2', 'echo three', { fromResource: 1, resource: 3 }));
    const second = await drain(backend, 't0001.2', 30_000);
    assert.equal(second.output, 'three\n');
    const shared = fs.readFileSync(path.join(clusterRunDir, 'trials', 't0001', 'log'));
    assert.deepEqual(fs.readFileSync(path.join(runDir, 'trials', 't0001', 'log')), shared);
    assert.equal(shared.toString('utf8'), 'café one\ntwo\nthree\n');
  } finally {
    await backend.close();
    removeDir(runDir);
    removeDir(clusterRunDir);
  }
});
