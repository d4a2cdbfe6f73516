/**
 * Slurm through a login node: the test Slurm (test/infra/slurm) reached only
 * over SSH, through a test sshd (test/infra/sshd) on 127.0.0.2 whose sessions
 * get SLURM_CONF. The CLI runs here as root; sbatch, squeue and scancel run
 * on the login node as its user, so the jobs run as that user, in a workdir
 * of its home that this machine's run folder is not in.
 */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { useSshds } from '../ssh/sshd';
import { removeDir, tempDir } from '../../support/temp';
import { assertResumedFromCheckpoints, assertSettled, events, exited, FIXTURES, onlyRun, rung, rungAsync, waitFor, workspace } from '../../engine/engine-harness';
import { startSlurm, type SlurmCluster } from './slurm-cluster';
import { assertOneJobPerLaunch, writeSlurmStudy } from './slurm-study';

// The sshd and Slurm start side by side (node:test runs a file's before hooks at once), so the
// sessions' SLURM_CONF is a link, pointed at the cluster's configuration once that exists.
const confDir = tempDir('rung-slurm-login-');
fs.chmodSync(confDir, 0o755);
const conf = path.join(confDir, 'slurm.conf');
let cluster: SlurmCluster | undefined;
before(async () => {
  cluster = await startSlurm({ gpus: 2 });
  fs.symlinkSync(String(cluster.env['SLURM_CONF']), conf);
});
const sshds = useSshds({ RUNG_SSHD_HOSTS: '2', RUNG_SSHD_SETENV: `SLURM_CONF=${conf}` });
after(() => {
  cluster?.stop();
  removeDir(confDir);
});

const USER = 'rungh2';

/** HOME for the CLI: ~/.ssh/config is the sshds' config, plus `rung-down`, an address nothing listens on. */
function cliHome(): string {
  const s = sshds();
  const home = path.join(s.dir, 'cli-home');
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
  const down = `Host rung-down\n  HostName 127.0.0.2\n  Port 1\n  User ${USER}\n  IdentityFile ${s.get('RUNG_SSH_KEY')}\n  UserKnownHostsFile ${s.get('RUNG_SSH_KNOWN_HOSTS')}\n`;
  fs.writeFileSync(path.join(home, '.ssh', 'config'), fs.readFileSync(s.get('RUNG_SSH_CONFIG'), 'utf8') + down);
  return home;
}

/** A fresh folder in the login user's home holding the trainer; returns its absolute path. */
function remoteWorkdir(name: string): string {
  const dir = path.join(sshds().get('RUNG_SSH_HOME_2'), name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(FIXTURES, 'trainer.py'), path.join(dir, 'trainer.py'));
  cp.execFileSync('chown', ['-R', `${USER}:${USER}`, dir]);
  return dir;
}

function slurm(): SlurmCluster {
  if (!cluster) throw new Error('Slurm did not start');
  return cluster;
}

test('an ASHA run (promotion mode) through the login node, its engine killed and resumed while jobs run: every job once, run as the login user', () => {
  const ws = workspace();
  const workdir = remoteWorkdir('asha');
  const env = { ...slurm().env, HOME: cliHome() };
  const study = writeSlurmStudy(ws, { place: 'slurm: {login: rung-h2, gres: "gpu:1"}', workdir: '"~/asha"', trials: 6, parallel: 3, sleep: 0.3 });
  const first = rung(['run', study, '--workspace', ws], ws, { ...env, RUNG_CRASH_AFTER: 'trial-launched:3' });
  assert.equal(first.status, null, first.stderr + first.stdout);
  const run = onlyRun(ws);
  const resumed = rung(['resume', run.id, '--workspace', ws], ws, env);
  assert.equal(resumed.status, 0, resumed.stderr + resumed.stdout);
  const state = assertSettled(run, ['paused', 'completed']);
  assert.equal(state.order.length, 6);
  assert.ok([...state.trials.values()].some((t) => t.launches.length > 1), 'no trial was promoted');
  assertOneJobPerLaunch(slurm(), run);

  // The cluster side of the run is under the workdir on the login node, written by its user.
  const remoteRun = path.join(workdir, '.rung', 'runs', run.id);
  assertResumedFromCheckpoints({ ...run, dir: remoteRun });
  const owners = new Set(slurm().sh(`squeue --noheader --states=all --format='%j|%u'`).split('\n').filter((l) => l.startsWith(`rung-${run.id}-`)).map((l) => l.split('|')[1]));
  assert.deepEqual([...owners], [USER]);
  for (const t of state.trials.values()) {
    const remoteLog = fs.readFileSync(path.join(remoteRun, 'trials', t.id, 'log'));
    assert.equal(fs.statSync(path.join(remoteRun, 'trials', t.id, 'starts')).uid, Number(cp.execFileSync('id', ['-u', USER], { encoding: 'utf8' })));
    // Logs mirrored into this machine's run folder byte for byte.
    assert.deepEqual(fs.readFileSync(path.join(run.dir, 'trials', t.id, 'log')), remoteLog);
    const gpus = [...remoteLog.toString('utf8').matchAll(/^gpus=(.*)$/gm)].map((m) => m[1]);
    assert.equal(gpus.length, t.launches.length, `${t.id}: one GPU line per launch expected in ${remoteLog.toString('utf8')}`);
    for (const g of gpus) assert.match(g ?? '', /^[01]$/, `${t.id} ran on GPUs "${g}"`);
  }
  fs.rmSync(ws, { recursive: true, force: true });
});

test('the SSH session to the login node killed mid-run: the engine logs in again and every job runs once', async () => {
  const ws = workspace();
  remoteWorkdir('dropped');
  const study = writeSlurmStudy(ws, { place: 'slurm: {login: rung-h2, gres: "gpu:1"}', workdir: '"~/dropped"', trials: 6, parallel: 3, sleep: 0.3 });
  const engine = rungAsync(['run', study, '--workspace', ws], ws, { ...slurm().env, HOME: cliHome() });
  await waitFor('t0003 to be launched', () => {
    const runs = path.join(ws, '.rung', 'runs');
    return fs.existsSync(runs) && fs.readdirSync(runs).length === 1 && events(onlyRun(ws)).some((e) => e.type === 'trial-launched' && e.trial === 't0003');
  }, 60_000);
  // Every process serving a connection descends from the test sshd's listener; the jobs descend from slurmd.
  const sessions = descendants(Number(sshds().get('RUNG_SSHD_PID_2')));
  assert.ok(sessions.length > 0, 'no SSH session to kill');
  for (const pid of sessions) process.kill(pid, 'SIGKILL');
  assert.equal(await exited(engine), 0);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['paused', 'completed']);
  assert.equal(state.order.length, 6);
  assertOneJobPerLaunch(slurm(), run);
  fs.rmSync(ws, { recursive: true, force: true });
});

function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = cp.execFileSync('pgrep', ['-P', String(pid)]).toString().trim().split('\n').map(Number);
  } catch {
    return [];
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

test('the generic cluster templates through the login node: qsub-style commands run there, logs mirrored here', () => {
  const ws = workspace();
  const workdir = remoteWorkdir('generic');
  const place = [
    'cluster:',
    '  login: rung-h2',
    '  submit: sbatch --parsable --gres=gpu:1 --job-name=generic {script}',
    '  job_id: ^(\\d+)',
    '  status: squeue --noheader --jobs={job} --format=%T',
    '  running: PENDING|RUNNING|CONFIGURING|COMPLETING',
    '  cancel: scancel {job}',
  ].join('\n');
  const study = writeSlurmStudy(ws, { place, workdir, trials: 4, parallel: 2, max: 3 });
  const r = rung(['run', study, '--workspace', ws], ws, { ...slurm().env, HOME: cliHome() });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['paused', 'completed']);
  assert.equal(state.order.length, 4);
  const remoteRun = path.join(workdir, '.rung', 'runs', run.id);
  assertResumedFromCheckpoints({ ...run, dir: remoteRun });
  for (const t of state.trials.values()) {
    assert.ok(t.observations.length > 0, `${t.id} reported nothing`);
    assert.deepEqual(fs.readFileSync(path.join(run.dir, 'trials', t.id, 'log')), fs.readFileSync(path.join(remoteRun, 'trials', t.id, 'log')));
  }
  const owners = new Set(slurm().sh(`squeue --noheader --states=all --name=generic --format='%u'`).split('\n').map((l) => l.trim()).filter(Boolean));
  assert.deepEqual([...owners], [USER]);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a login node that does not answer, lacks the workdir or the submit command is refused before a run folder exists', () => {
  const ws = workspace();
  const env = { ...slurm().env, HOME: cliHome() };
  for (const [place, workdir, why] of [
    ['slurm: {login: rung-down}', '"~"', /the login node cannot be reached, so nothing was started: .*rung-down/],
    ['slurm: {login: rung-h2}', '"~/no-such-folder"', /the workdir ~\/no-such-folder does not exist on the login node rung-h2 \(.*can.t cd.*\): create it there/],
    ['cluster: {login: rung-h2, submit: "SGE_ROOT=/opt/sge qsub {script}", status: "qstat -j {job}", running: "job_number", cancel: "qdel {job}"}', '"~"',
      /qsub is not on the PATH of commands run over SSH on the login node rung-h2/],
  ] as const) {
    const study = writeSlurmStudy(ws, { place, workdir });
    const r = rung(['run', study, '--workspace', ws], ws, env);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, why);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace reached the user');
  }
  assert.equal(fs.existsSync(path.join(ws, '.rung')), false);
  fs.rmSync(ws, { recursive: true, force: true });
});
