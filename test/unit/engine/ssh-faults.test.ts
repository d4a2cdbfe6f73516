/**
 * `hosts:` studies under faults, through the real CLI and real sshds: each
 * ends with every trial in the journal in the state the fault calls for,
 * nothing launched twice (from the journal and from the hosts' marker
 * files), or with a refusal that says what to fix and no run folder.
 */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunEvent } from '../../../src/core/journal/events';
import { listRuns } from '../../../src/storage/run-folder';
import { assertSettled, events, exited, onlyRun, rung, rungAsync, waitFor, workspace } from './engine-harness';
import { assertMarkersMatchJournal, hostPath, killSessions, remoteWorkdirs, sshEnv, startSshd, stopSshd, useSshWorld, writeSshStudy } from './ssh-harness';

const world = useSshWorld(2);

function launchedOn(evs: readonly RunEvent[]): Set<string> {
  return new Set(evs.filter((e) => e.type === 'trial-launched').map((e) => (e as { host: string }).host));
}

function firstRunOf(ws: string) {
  return listRuns(ws)[0];
}

test('a host unreachable at start: a warning names it and the run goes on the other hosts', () => {
  const w = world();
  const ws = workspace();
  const workdir = remoteWorkdirs(w, 'rung-e2e-down');
  const study = writeSshStudy(ws, { workdir, trials: 6 });
  stopSshd(w, '4', true);
  try {
    const r = rung(['run', study, '--workspace', ws], ws, sshEnv(w));
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stderr, /warning: rung-h4 \(rungh4@127\.0\.0\.4:\d+\).*refused.*the run starts on the other hosts/);
    const run = onlyRun(ws);
    assertSettled(run, ['paused', 'completed']);
    assert.deepEqual(launchedOn(events(run)), new Set(['rung-h2', 'rung-h3']));
    assertMarkersMatchJournal(w, workdir, run);
  } finally {
    startSshd(w, '4');
  }
  fs.rmSync(ws, { recursive: true, force: true });
});

test('no host reachable: refused with each reason, and no run folder is left', () => {
  const w = world();
  const ws = workspace();
  const study = writeSshStudy(ws, { workdir: "'~'", hosts: ['{host: rung-h2, port: 1}', '{host: rung-h3, port: 1}'] });
  const r = rung(['run', study, '--workspace', ws], ws, sshEnv(w));
  assert.equal(r.status, 1, r.stderr + r.stdout);
  assert.match(r.stderr, /none of the study's hosts can be reached, so nothing was started:\n {2}rung-h2 .*:1\b.*\n {2}rung-h3 /);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(firstRunOf(ws), undefined, 'a run folder was left behind');
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a key the hosts refuse: a clear error naming the key, and no run folder', () => {
  const w = world();
  const ws = workspace();
  const key = w.sshds.get('RUNG_SSH_KEY_UNAUTHORISED');
  const study = writeSshStudy(ws, { workdir: "'~'", hosts: [`{host: rung-h2, identity_file: ${key}}`, `{host: rung-h3, identity_file: ${key}}`] });
  const r = rung(['run', study, '--workspace', ws], ws, sshEnv(w));
  assert.equal(r.status, 1, r.stderr + r.stdout);
  assert.match(r.stderr, /rung-h2 .*client_key_unauthorised/);
  assert.match(r.stderr, /rung-h3 .*client_key_unauthorised/);
  assert.doesNotMatch(r.stderr, /All configured authentication methods failed|\n\s+at /);
  assert.equal(firstRunOf(ws), undefined);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a changed host key is refused, naming the known_hosts line to fix', () => {
  const w = world();
  const ws = workspace();
  const known = w.sshds.get('RUNG_SSH_KNOWN_HOSTS');
  const original = fs.readFileSync(known, 'utf8');
  const lines = original.split('\n');
  const h3 = lines.findIndex((l) => l.startsWith('[127.0.0.3]'));
  const otherKey = fs.readFileSync(w.sshds.get('RUNG_SSH_HOSTKEY_2'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  lines[h3] = `${(lines[h3] as string).split(' ')[0]} ${otherKey}`;
  fs.writeFileSync(known, lines.join('\n'));
  try {
    const study = writeSshStudy(ws, { workdir: "'~'", hosts: ['rung-h3'] });
    const r = rung(['run', study, '--workspace', ws], ws, sshEnv(w));
    assert.equal(r.status, 1, r.stderr + r.stdout);
    assert.match(r.stderr, new RegExp(`rung-h3 .*presented a different host key .* recorded in ${known.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${h3 + 1}\\..*Refusing to connect`));
    assert.equal(firstRunOf(ws), undefined);
  } finally {
    fs.writeFileSync(known, original);
  }
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a host whose disk rejects the log write: its trials fail with the reason, the others complete, nothing runs twice', () => {
  const w = world();
  const ws = workspace();
  const workdir = remoteWorkdirs(w, 'rung-e2e-full');
  const full = hostPath(w, '4', 'rung-e2e-full');
  cp.execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,uid=rungh4,gid=rungh4', 'tmpfs', full]);
  try {
    // Only host 4 floods its log (about 50 MB), into a 256 KiB disk.
    fs.writeFileSync(path.join(full, 'mode'), 'flood\n');
    const study = writeSshStudy(ws, { workdir, trials: 6, scheduler: 'scheduler: fifo', trainerArgs: '--mode "$(cat mode 2>/dev/null || echo ok)"', extra: 'max_resource: 2' });
    fs.writeFileSync(study, fs.readFileSync(study, 'utf8').replace('max_resource: 2\n', '').replace('--epochs {resource}', '--epochs 2'));
    const r = rung(['run', study, '--workspace', ws], ws, sshEnv(w));
    const run = onlyRun(ws);
    const evs = events(run);
    const state = assertSettled(run, ['completed', 'failed']);
    assertMarkersMatchJournal(w, workdir, run);
    const ended = evs.filter((e): e is Extract<RunEvent, { type: 'trial-ended' }> => e.type === 'trial-ended');
    const launched = evs.filter((e): e is Extract<RunEvent, { type: 'trial-launched' }> => e.type === 'trial-launched');
    const onFull = ended.filter((e) => launched.find((l) => l.launch === e.launch)?.host === 'rung-h4');
    assert.ok(onFull.length > 0, `nothing ran on the full host: ${r.stderr}`);
    for (const e of onFull) {
      assert.equal(e.state, 'failed', `${e.launch} ended ${e.state} on a full disk`);
      assert.match(e.reason ?? '', /could not be written|disk full|No space left/, `${e.launch}: ${e.reason}`);
    }
    assert.ok([...state.trials.values()].some((t) => t.state === 'completed'), 'the other hosts completed trials');
  } finally {
    cp.execFileSync('umount', ['-l', full]);
  }
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a trial killed from outside on its host ends failed with the reason; the rest of the run completes', async () => {
  const w = world();
  const ws = workspace();
  const workdir = remoteWorkdirs(w, 'rung-e2e-killed');
  const study = writeSshStudy(ws, { workdir, trials: 6, sleep: 0.6, scheduler: 'scheduler: fifo', extra: 'retries: 0' });
  fs.writeFileSync(study, fs.readFileSync(study, 'utf8').replace('--epochs {resource}', '--epochs 4'));
  const child = rungAsync(['run', study, '--workspace', ws], ws, sshEnv(w));
  let victim: Extract<RunEvent, { type: 'trial-launched' }> | undefined;
  await waitFor('a launch on rung-h3', () => {
    const run = firstRunOf(ws);
    victim = run && fs.existsSync(run.journal) ? events(run).find((e): e is Extract<RunEvent, { type: 'trial-launched' }> => e.type === 'trial-launched' && e.host === 'rung-h3') : undefined;
    return victim !== undefined;
  });
  const pid = (JSON.parse(victim?.handle as string) as { pid: number }).pid;
  // The whole process group, wrapper included: no exit status is left behind.
  process.kill(-pid, 'SIGKILL');
  assert.equal(await exited(child), 0);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['completed', 'failed']);
  assertMarkersMatchJournal(w, workdir, run);
  const end = events(run).find((e): e is Extract<RunEvent, { type: 'trial-ended' }> => e.type === 'trial-ended' && e.launch === victim?.launch);
  assert.equal(end?.state, 'failed');
  assert.match(end?.reason ?? '', /killed from outside/);
  assert.equal([...state.trials.values()].filter((t) => t.state === 'completed').length, 5);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('the SSH connection killed mid-run and the sshd restarted: the run reconnects and collects every trial once', async () => {
  const w = world();
  const ws = workspace();
  const workdir = remoteWorkdirs(w, 'rung-e2e-reconnect');
  const study = writeSshStudy(ws, { workdir, trials: 9, sleep: 0.4 });
  const child = rungAsync(['run', study, '--workspace', ws], ws, sshEnv(w));
  await waitFor('trials running on rung-h3', () => {
    const run = firstRunOf(ws);
    return run !== undefined && fs.existsSync(run.journal) && events(run).some((e) => e.type === 'trial-launched' && e.host === 'rung-h3');
  });
  stopSshd(w, '3', true);
  await new Promise((r) => setTimeout(r, 2500));
  startSshd(w, '3');
  assert.equal(await exited(child), 0);
  const run = onlyRun(ws);
  assertSettled(run, ['paused', 'completed']);
  assertMarkersMatchJournal(w, workdir, run);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('the session sshd killed under a running study: the connection comes back and nothing is lost', async () => {
  const w = world();
  const ws = workspace();
  const workdir = remoteWorkdirs(w, 'rung-e2e-session');
  const study = writeSshStudy(ws, { workdir, trials: 9, sleep: 0.4 });
  const child = rungAsync(['run', study, '--workspace', ws], ws, sshEnv(w));
  await waitFor('trials running on rung-h2', () => {
    const run = firstRunOf(ws);
    return run !== undefined && fs.existsSync(run.journal) && events(run).some((e) => e.type === 'trial-launched' && e.host === 'rung-h2');
  });
  assert.ok(killSessions(w, '2') > 0, 'the engine had a session on rung-h2');
  assert.equal(await exited(child), 0);
  const run = onlyRun(ws);
  assertSettled(run, ['paused', 'completed']);
  assertMarkersMatchJournal(w, workdir, run);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('the engine killed while remote trials run, then resumed: every trial is collected once', () => {
  const w = world();
  const ws = workspace();
  const workdir = remoteWorkdirs(w, 'rung-e2e-resume');
  const study = writeSshStudy(ws, { workdir, trials: 9, sleep: 0.4 });
  const first = rung(['run', study, '--workspace', ws], ws, { ...sshEnv(w), RUNG_CRASH_AFTER: 'trial-launched:5' });
  assert.equal(first.status, null, `the engine should have died: ${first.stderr}`);
  const run = onlyRun(ws);
  const running = events(run).filter((e) => e.type === 'trial-launched').length;
  assert.equal(running, 5);
  const second = rung(['resume', run.id, '--workspace', ws], ws, sshEnv(w));
  assert.equal(second.status, 0, second.stderr + second.stdout);
  assertSettled(run, ['paused', 'completed']);
  assertMarkersMatchJournal(w, workdir, run);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a host never seen before: refused without a terminal, trusted and written to known_hosts with --accept-new-host-key', () => {
  const w = world();
  const ws = workspace();
  // Outside the workspace, which sync uploads.
  const home = workspace();
  const known = path.join(home, '.ssh', 'known_hosts');
  fs.mkdirSync(path.dirname(known), { recursive: true });
  fs.writeFileSync(path.join(home, '.ssh', 'config'), [
    'Host fresh',
    '  HostName 127.0.0.2',
    `  Port ${w.sshds.get('RUNG_SSH_PORT')}`,
    '  User rungh2',
    `  IdentityFile ${w.sshds.get('RUNG_SSH_KEY')}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${known}`,
  ].join('\n') + '\n');
  const workdir = remoteWorkdirs(w, 'rung-e2e-newkey');
  const study = writeSshStudy(ws, { workdir, hosts: ['fresh'], trials: 2, scheduler: 'scheduler: fifo' });
  fs.writeFileSync(study, fs.readFileSync(study, 'utf8').replace('--epochs {resource}', '--epochs 1'));
  const env = { HOME: home, SSH_AUTH_SOCK: '' };
  const refused = rung(['run', study, '--workspace', ws], ws, env);
  assert.equal(refused.status, 1, refused.stderr + refused.stdout);
  assert.match(refused.stderr, /\[127\.0\.0\.2\]:\d+ is not in known_hosts .*SHA256:.*--accept-new-host-key/);
  assert.equal(firstRunOf(ws), undefined);
  const accepted = rung(['run', study, '--workspace', ws, '--accept-new-host-key'], ws, env);
  assert.equal(accepted.status, 0, accepted.stderr + accepted.stdout);
  assertSettled(onlyRun(ws), ['completed']);
  const hostKey = fs.readFileSync(w.sshds.get('RUNG_SSH_HOSTKEY_2'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  assert.ok(fs.readFileSync(known, 'utf8').split('\n').some((l) => l.endsWith(hostKey)), `known_hosts: ${fs.readFileSync(known, 'utf8')}`);
  fs.rmSync(ws, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});
