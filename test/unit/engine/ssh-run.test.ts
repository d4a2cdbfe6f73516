/**
 * `hosts:` studies end to end: the real CLI, real sshds on 127.0.0.2-4 with
 * stand-in GPUs, the stand-in trainer uploaded by `sync:` and run by each
 * host's own user. Checked from the journal, the local run folder and the
 * hosts' files.
 */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunEvent } from '../../../src/core/journal/events';
import { isEngineAlive } from '../../../src/storage/engine-lock';
import { alive, assertJournalInvariants, assertSettled, CLI, events, finalState, onlyRun, rung, waitFor, workspace } from './engine-harness';
import { assertMarkersMatchJournal, hostPath, remoteWorkdirs, sshEnv, standInWatts, useSshWorld, writeSshStudy } from './ssh-harness';

const world = useSshWorld(2);
const PUE = 1.4;
const INTENSITY = 350;
const CPU_RAM = 50 + 10;

/** kg CO2e of a trial by hand: each launch's seconds times its GPU's stand-in watts plus CPU and RAM, PUE, intensity. */
function handCo2e(evs: readonly RunEvent[], watts: Map<string, number>, trial: string, until: number): number {
  let joules = 0;
  for (const l of evs) {
    if (l.type !== 'trial-launched' || l.trial !== trial || l.at > until) continue;
    const end = evs.find((e) => e.type === 'trial-ended' && e.launch === l.launch)?.at ?? Infinity;
    const gpuWatts = l.gpus.reduce((sum, uuid) => sum + (watts.get(uuid) ?? NaN), 0);
    joules += (gpuWatts + CPU_RAM) * ((Math.min(end, until) - l.at) / 1000);
  }
  return (((joules * PUE) / 3.6e6) * INTENSITY) / 1000;
}

test('an ASHA study over three SSH hosts: every trial settles, logs are mirrored, CO2e matches the stand-in watts by hand', () => {
  const w = world();
  const ws = workspace();
  const workdir = remoteWorkdirs(w, 'rung-e2e-asha');
  const study = writeSshStudy(ws, {
    workdir, trials: 12, parallel: 6, sleep: 0.2,
    extra: `energy: {pue: ${PUE}, carbon_intensity: ${INTENSITY}, cpu_watts: 50, ram_watts: 10, gpu_watts: 999}`,
  });
  // co2e is the objective, so the engine journals it with every result.
  fs.writeFileSync(study, fs.readFileSync(study, 'utf8').replace('  score: {mode: max}', '  co2e: {mode: min}'));
  const r = rung(['run', study, '--workspace', ws], ws, sshEnv(w));
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['paused', 'completed', 'stopped']);
  assert.equal(state.trials.size, 12);
  assert.ok([...state.trials.values()].some((t) => t.state === 'completed'), 'some trial reached the top rung');
  const evs = events(run);
  assertMarkersMatchJournal(w, workdir, run);

  // All three hosts ran trials, each on its own GPUs.
  const launched = evs.filter((e): e is Extract<RunEvent, { type: 'trial-launched' }> => e.type === 'trial-launched');
  assert.deepEqual(new Set(launched.map((l) => l.host)), new Set(['rung-h2', 'rung-h3', 'rung-h4']));
  const watts = standInWatts(w);
  for (const l of launched) {
    assert.equal(l.gpus.length, 1);
    assert.ok(watts.has(l.gpus[0] as string), `${l.launch} ran on ${l.gpus[0]}, not a stand-in GPU`);
    assert.ok((l.gpus[0] as string).startsWith(`GPU-0000000${l.host.slice(-1)}-`), `${l.launch}: GPU ${l.gpus[0]} is not one of ${l.host}'s`);
  }

  // Logs: the local mirror holds exactly what the trial wrote on its hosts (a promotion may run on another
  // host when its own has no free GPU); on each host a promoted trial resumed from its checkpoint there.
  for (const t of state.trials.values()) {
    const hosts = [...new Set(launched.filter((l) => l.trial === t.id).map((l) => l.host))];
    const remote = hosts.map((h) => hostPath(w, h.slice(-1), 'rung-e2e-asha', '.rung', run.id, t.id));
    const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '').sort();
    assert.deepEqual(lines(fs.readFileSync(path.join(run.trials, t.id, 'log'), 'utf8')), lines(remote.map((d) => fs.readFileSync(path.join(d, 'log'), 'utf8')).join('\n')), `${t.id}: the mirrored log differs from the hosts'`);
    for (const d of remote) {
      const starts = fs.readFileSync(path.join(d, 'starts'), 'utf8').trim().split('\n').map((l) => l.split('->').map(Number));
      for (let i = 1; i < starts.length; i++) assert.equal(starts[i]?.[0], starts[i - 1]?.[1], `${t.id} restarted from scratch in ${d}: ${JSON.stringify(starts)}`);
    }
  }

  // Power readings carry the launches' host names and the stand-in's watts.
  const power = evs.filter((e): e is Extract<RunEvent, { type: 'power' }> => e.type === 'power');
  assert.ok(power.length > 0, 'no power events');
  for (const p of power) {
    assert.ok(['rung-h2', 'rung-h3', 'rung-h4'].includes(p.host), p.host);
    for (const s of p.samples) assert.equal(s.watts, watts.get(s.gpu), JSON.stringify(s));
  }

  // Every result's co2e, and the status report per trial and per run, against the hand computation.
  const slack = ((((62 + CPU_RAM) * 0.05 * PUE) / 3.6e6) * INTENSITY) / 1000;
  for (const m of evs) {
    if (m.type !== 'metric') continue;
    const hand = handCo2e(evs, watts, m.trial, m.at);
    assert.ok(Math.abs((m.values['co2e'] ?? NaN) - hand) <= slack, `${m.launch} at ${m.resource}: co2e ${m.values['co2e']}, by hand ${hand}`);
  }
  const status = JSON.parse(rung(['status', run.id, '--json', '--workspace', ws], ws, sshEnv(w)).stdout);
  let total = 0;
  for (const t of status.trialList as { id: string; co2eKg: number; measuredShare: number }[]) {
    const hand = handCo2e(evs, watts, t.id, Infinity);
    assert.ok(Math.abs(t.co2eKg - hand) <= hand * 1e-9, `${t.id}: ${t.co2eKg} kg, by hand ${hand}`);
    assert.equal(t.measuredShare, 1, `${t.id}: every second of it was measured`);
    total += hand;
  }
  assert.ok(Math.abs(status.usage.co2eKg - total) <= total * 1e-9, `run: ${status.usage.co2eKg} kg, by hand ${total}`);
  fs.rmSync(ws, { recursive: true, force: true });
});

test('hostile parameter values reach the trial as data on the host, through the CLI and SSH', () => {
  const w = world();
  const ws = workspace();
  const workdir = remoteWorkdirs(w, 'rung-e2e-hostile');
  const canary = hostPath(w, '2', 'rung-e2e-hostile', 'pwned');
  const hostile = [`$(touch ${canary})`, `\`touch ${canary}\``, `; touch ${canary}`, `' ; touch ${canary} ; '`, `" && touch ${canary} "`, '--x=0.9'];
  const study = writeSshStudy(ws, { workdir, hosts: ['rung-h2'], trials: hostile.length, parallel: 2, scheduler: 'scheduler: fifo', extra: 'max_resource_unused: 1' });
  const text = fs.readFileSync(study, 'utf8')
    .replace(/^command: .*$/m, "command: printf '%s' {tag} > {trial_dir}/tag && python3 trainer.py --x 0.5 --epochs 1 --out {trial_dir} --sleep 0")
    .replace('  x: {uniform: [0.0, 1.0]}', `  tag: {choice: [${hostile.map((h) => JSON.stringify(h)).join(', ')}]}`)
    .replace('searcher: random', 'searcher: grid')
    .replace('max_resource_unused: 1\n', '');
  fs.writeFileSync(study, text);
  const r = rung(['run', study, '--workspace', ws], ws, sshEnv(w));
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const run = onlyRun(ws);
  const state = assertSettled(run, ['completed']);
  assertJournalInvariants(events(run));
  const seen = [...state.trials.values()].map((t) => fs.readFileSync(hostPath(w, '2', 'rung-e2e-hostile', '.rung', run.id, t.id, 'tag'), 'utf8'));
  assert.deepEqual(seen.sort(), [...hostile].sort());
  assert.equal(fs.existsSync(canary), false, 'a parameter value ran as shell code on the host');
  fs.rmSync(ws, { recursive: true, force: true });
});

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('an encrypted key\'s passphrase typed at the terminal prompt: the run works, and neither it nor any key material reaches the run folder', async () => {
  const w = world();
  const ws = workspace();
  const workdir = remoteWorkdirs(w, 'rung-e2e-secrets');
  const key = w.sshds.get('RUNG_SSH_KEY_ENCRYPTED');
  const passphrase = w.sshds.get('RUNG_SSH_KEY_PASSPHRASE');
  const study = writeSshStudy(ws, { workdir, hosts: [`{host: rung-h2, identity_file: ${key}}`, `{host: rung-h3, identity_file: ${key}}`], trials: 4, scheduler: 'scheduler: fifo' });
  fs.writeFileSync(study, fs.readFileSync(study, 'utf8').replace('--epochs {resource}', '--epochs 1'));
  // `script` gives the CLI a terminal, as a person's shell would: the prompt reads /dev/tty.
  const child = cp.spawn('script', ['-qec', `${process.execPath} ${CLI} run ${study} --workspace ${ws}`, '/dev/null'], { cwd: ws, env: { ...process.env, ...sshEnv(w) }, stdio: ['pipe', 'pipe', 'pipe'] });
  let shown = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (shown += s));
  await waitFor('the passphrase prompt', () => shown.includes(`Enter passphrase for key '${key}': `));
  child.stdin.write(`${passphrase}\r`);
  const stuck = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(stuck);
  assert.equal(code, 0, shown);
  assert.equal((shown.match(/Enter passphrase/g) ?? []).length, 1, 'asked once for both hosts');
  assert.ok(!shown.includes(passphrase), 'the passphrase was echoed');
  const run = onlyRun(ws);
  assertSettled(run, ['completed']);

  const body = fs.readFileSync(key, 'utf8').split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
  const plain = fs.readFileSync(w.sshds.get('RUNG_SSH_KEY'), 'utf8').split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
  for (const file of filesUnder(run.dir)) {
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes(passphrase), `${file} holds the passphrase`);
    assert.doesNotMatch(text, /PRIVATE KEY/, `${file} holds a private key`);
    for (const line of [...body, ...plain]) assert.ok(!text.includes(line), `${file} holds private key material`);
  }
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a detached hosts: run stopped with rung stop: its remote trials end stopped and their processes are gone', async () => {
  const w = world();
  const ws = workspace();
  const workdir = remoteWorkdirs(w, 'rung-e2e-stop');
  const study = writeSshStudy(ws, { workdir, trials: 12, parallel: 3, sleep: 1, scheduler: 'scheduler: fifo' });
  fs.writeFileSync(study, fs.readFileSync(study, 'utf8').replace('--epochs {resource}', '--epochs 30'));
  const started = rung(['run', study, '--detach', '--workspace', ws], ws, sshEnv(w));
  assert.equal(started.status, 0, started.stderr);
  const run = onlyRun(ws);
  await waitFor('three trials reporting', () => fs.existsSync(run.journal) && new Set(events(run).filter((e) => e.type === 'metric').map((e) => (e as { trial: string }).trial)).size === 3);
  const pids = events(run).filter((e): e is Extract<RunEvent, { type: 'trial-launched' }> => e.type === 'trial-launched').map((l) => (JSON.parse(l.handle as string) as { pid: number }).pid);
  const stop = rung(['stop', run.id, '--workspace', ws], ws, sshEnv(w));
  assert.equal(stop.status, 0, stop.stderr);
  await waitFor('the engine to end', () => !isEngineAlive(run.dir) && finalState(run).ended !== undefined, 40_000);
  const state = assertSettled(run, ['stopped']);
  assert.equal(state.order.length, 3, 'no trial may start after the stop');
  assertMarkersMatchJournal(w, workdir, run);
  for (const pid of pids) assert.ok(!alive(pid), `trial process ${pid} outlived the stop on its host`);
  fs.rmSync(ws, { recursive: true, force: true });
});
