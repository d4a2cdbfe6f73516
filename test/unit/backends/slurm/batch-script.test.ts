import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { jobFiles } from '../../../../src/backends/batch/job-files';
import { jobScript } from '../../../../src/backends/batch/job-script';
import { sbatchHeader } from '../../../../src/backends/slurm/sbatch-header';
import { removeDir, tempDir } from '../../support/temp';

test('the #SBATCH header carries every slurm: key, quoted, and the job name and log', () => {
  const lines = sbatchHeader({
    jobName: 'rung-20260101-x-t0001.1', log: '/shared/my runs/trials/t0001/log', gpusPerTrial: 1,
    spec: { partition: 'gpu', gpus: 'a100:2', cpus: 8, mem: '16G', time: '04:00:00', account: "lab's", qos: 'high', constraint: 'a100&nvlink', extra: ['--exclusive', '#SBATCH --nodelist=node01'] },
  });
  assert.deepEqual(lines, [
    '#SBATCH --job-name=rung-20260101-x-t0001.1',
    "#SBATCH --output='/shared/my runs/trials/t0001/log'",
    '#SBATCH --open-mode=append',
    '#SBATCH --partition=gpu',
    '#SBATCH --gpus=a100:2',
    '#SBATCH --cpus-per-task=8',
    '#SBATCH --mem=16G',
    '#SBATCH --time=04:00:00',
    "#SBATCH --account='lab'\\''s'",
    '#SBATCH --qos=high',
    "#SBATCH --constraint='a100&nvlink'",
    '#SBATCH --exclusive',
    '#SBATCH --nodelist=node01',
  ]);
});

test('gpus_per_trial becomes --gres unless slurm: names gres or gpus; 0 asks for no GPU', () => {
  const base = { jobName: 'j', log: '/l' };
  assert.ok(sbatchHeader({ ...base, gpusPerTrial: 2, spec: { extra: [] } }).includes('#SBATCH --gres=gpu:2'));
  assert.ok(!sbatchHeader({ ...base, gpusPerTrial: 0, spec: { extra: [] } }).some((l) => l.includes('gres')));
  assert.ok(sbatchHeader({ ...base, gpusPerTrial: 2, spec: { gres: 'gpu:v100:1', extra: [] } }).includes('#SBATCH --gres=gpu:v100:1'));
  assert.ok(!sbatchHeader({ ...base, gpusPerTrial: 2, spec: { gpus: 1, extra: [] } }).some((l) => l.includes('gres')));
});

test('values that would leave their #SBATCH line, and extras that are not options, are refused with what to write', () => {
  assert.throws(() => sbatchHeader({ jobName: 'j', log: '/l', gpusPerTrial: 0, spec: { partition: 'gpu\n#SBATCH --qos=x', extra: [] } }), /slurm.partition holds a line break/);
  assert.throws(() => sbatchHeader({ jobName: 'j', log: '/l', gpusPerTrial: 0, spec: { extra: ['echo hi'] } }), /not an sbatch option.*--exclusive/);
});

test('the job script runs the command in its workdir with the study env, and records pid and exit status like the local wrapper', () => {
  const dir = tempDir('rung-script-');
  try {
    const files = jobFiles(dir, 't0001', 't0001.1');
    const work = path.join(dir, "work dir's");
    fs.mkdirSync(files.dir, { recursive: true });
    fs.mkdirSync(work);
    fs.writeFileSync(files.exit, '99\n');
    const script = jobScript({
      header: ['#SBATCH --job-name=x'], files, command: `echo "$GREETING from $(pwd)"; echo '$(not run)'; exit 7`,
      env: { GREETING: "it's $HOME" }, workdir: work, about: 'test', redirectOutput: true,
    });
    fs.writeFileSync(files.script, script, { mode: 0o755 });
    const r = cp.spawnSync(files.script, [], { encoding: 'utf8' });
    assert.equal(r.status, 7);
    assert.equal(fs.readFileSync(files.log, 'utf8'), `it's $HOME from ${work}\n$(not run)\n`);
    assert.equal(fs.readFileSync(files.exit, 'utf8'), '7\n');
    assert.match(fs.readFileSync(files.pid, 'utf8'), /^\d+\n$/);
    assert.ok(!fs.existsSync(files.power), 'no nvidia-smi here, so no power samples');
  } finally {
    removeDir(dir);
  }
});

test('a job script whose workdir is missing says so in the log and records a failure', () => {
  const dir = tempDir('rung-script-');
  try {
    const files = jobFiles(dir, 't0001', 't0001.1');
    fs.mkdirSync(files.dir, { recursive: true });
    fs.writeFileSync(files.script, jobScript({ header: [], files, command: 'echo never', env: {}, workdir: path.join(dir, 'nope'), about: 'x', redirectOutput: true }), { mode: 0o755 });
    const r = cp.spawnSync(files.script, [], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(fs.readFileSync(files.log, 'utf8'), /rung: the workdir .*nope does not exist on /);
    assert.equal(fs.readFileSync(files.exit, 'utf8'), '1\n');
  } finally {
    removeDir(dir);
  }
});

test('an environment variable name that is not a shell name is refused', () => {
  const files = jobFiles('/tmp/x', 't0001', 't0001.1');
  assert.throws(() => jobScript({ header: [], files, command: 'true', env: { 'A-B': '1' }, about: 'x' }), /A-B.*not valid in a shell/);
});
