/**
 * A host behind a real network link (a network namespace joined by a veth
 * pair, test/infra/sshd/netns-host.sh) whose link goes down under a running
 * study and comes back: the connection is lost without a word from the
 * other side, the engine keeps the host's trials, and collects each of them
 * once after the link returns.
 */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { listRuns } from '../../../src/storage/run-folder';
import { repoRoot } from '../support/temp';
import { assertSettled, events, exited, onlyRun, rungAsync, waitFor, workspace } from './engine-harness';
import { assertMarkersMatchJournal, remoteWorkdirs, sshEnv, useSshWorld, writeSshStudy, type SshWorld } from './ssh-harness';

const world = useSshWorld(2);
const NETNS = path.join(repoRoot, 'test', 'infra', 'sshd', 'netns-host.sh');
let w: SshWorld;
let made: { ns: string; link: string; pid: number } | undefined;

before(() => {
  w = world();
  try {
    cp.execFileSync('bash', [NETNS, 'start', w.sshds.dir, '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`the network namespace host did not start: ${(e as { stderr?: Buffer }).stderr?.toString().trim() ?? (e as Error).message}`);
  }
  const env = Object.fromEntries(fs.readFileSync(path.join(w.sshds.dir, 'env'), 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  made = { ns: env['RUNG_NETNS_3'] as string, link: env['RUNG_NETNS_LINK_3'] as string, pid: Number(env['RUNG_NETNS_PID_3']) };
  // start.sh's config was copied into the home before the namespace host was added to it.
  fs.copyFileSync(w.sshds.get('RUNG_SSH_CONFIG'), path.join(w.home, '.ssh', 'config'));
});

// The sshds' own hook has removed their folder by now: end the namespace host from what start said.
after(() => {
  if (!made) return;
  for (const pid of cp.execFileSync('ip', ['netns', 'pids', made.ns], { encoding: 'utf8' }).trim().split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
  cp.execFileSync('ip', ['link', 'del', made.link]);
  cp.execFileSync('ip', ['netns', 'del', made.ns]);
});

test('the link to a host taken down mid-run and brought up again: its trials are kept and collected once', async () => {
  const ws = workspace();
  const workdir = remoteWorkdirs(w, 'rung-e2e-netns');
  const study = writeSshStudy(ws, { workdir, hosts: ['rung-h2', 'rung-h3-ns'], trials: 8, sleep: 1, parallel: 4, scheduler: 'scheduler: fifo' });
  fs.writeFileSync(study, fs.readFileSync(study, 'utf8').replace('--epochs {resource}', '--epochs 4'));
  const child = rungAsync(['run', study, '--workspace', ws], ws, sshEnv(w));
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  await waitFor('trials running behind the link', () => {
    const run = listRuns(ws)[0];
    return run !== undefined && fs.existsSync(run.journal) && events(run).some((e) => e.type === 'trial-launched' && e.host === 'rung-h3-ns');
  });
  cp.execFileSync('bash', [NETNS, 'down', w.sshds.dir, '3']);
  // Long enough for the trials there to finish while the engine cannot see them.
  await new Promise((r) => setTimeout(r, 8000));
  cp.execFileSync('bash', [NETNS, 'up', w.sshds.dir, '3']);
  assert.equal(await exited(child), 0, stderr);
  const run = onlyRun(ws);
  assertSettled(run, ['completed']);
  assertMarkersMatchJournal(w, workdir, run);
  const evs = events(run);
  assert.ok(evs.some((e) => e.type === 'trial-ended' && e.state === 'completed' && evs.some((l) => l.type === 'trial-launched' && l.launch === e.launch && l.host === 'rung-h3-ns')), 'trials behind the link completed');
  fs.rmSync(ws, { recursive: true, force: true });
});
