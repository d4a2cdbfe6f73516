/**
 * `hosts:` studies through the real CLI against the real test sshds
 * (test/infra/sshd): a home whose ~/.ssh/config is the generated one, a
 * fresh workdir per test on every host, and checks that read the hosts' own
 * files (the sshds are local, so their users' homes are folders here).
 */
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunEvent } from '../../../src/core/journal/events';
import { after } from 'node:test';
import type { RunFolder } from '../../../src/storage/run-folder';
import { useSshds, type Sshds } from '../backends/ssh/sshd';
import { events, FIXTURES } from './engine-harness';

export interface SshWorld {
  readonly sshds: Sshds;
  /** HOME for the CLI: its .ssh/config is the sshds' generated config. */
  readonly home: string;
  readonly octets: readonly string[];
}

/** Starts the sshds for this test file; `gpus` stand-in GPUs per host. */
export function useSshWorld(gpus = 4, extraEnv: Record<string, string> = {}): () => SshWorld {
  const octets = ['2', '3', '4'];
  const sshds = useSshds({ ...Object.fromEntries(octets.map((n) => [`RUNG_SSHD_GPUS_${n}`, String(gpus)])), ...extraEnv });
  // Registered after useSshds' hook, so it runs first, while the env file is still there.
  after(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const s = sshds();
    const home = path.join(s.dir, 'home');
    fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
    fs.copyFileSync(s.get('RUNG_SSH_CONFIG'), path.join(home, '.ssh', 'config'));
    return { sshds: s, home, octets };
  };
}

/** Remote workdirs made by this test file, removed after it. */
const made: string[] = [];

export function alias(n: string): string {
  return `rung-h${n}`;
}

/** A fresh folder `~/<name>` owned by the host's user on every host; returns `~/<name>` for the study. */
export function remoteWorkdirs(w: SshWorld, name: string): string {
  for (const n of w.octets) {
    const dir = hostPath(w, n, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    made.push(dir);
    cp.execFileSync('chown', [`rungh${n}:rungh${n}`, dir]);
  }
  return `~/${name}`;
}

/** A path on host n, as a folder of this machine. */
export function hostPath(w: SshWorld, n: string, ...parts: string[]): string {
  return path.join(w.sshds.get(`RUNG_SSH_HOME_${n}`), ...parts);
}

export interface SshStudyOptions {
  readonly workdir: string;
  readonly hosts?: readonly string[];
  readonly trials?: number;
  readonly parallel?: number;
  readonly sleep?: number;
  readonly gpusPerTrial?: number;
  readonly trainerArgs?: string;
  readonly scheduler?: string;
  readonly extra?: string;
}

/** A study running the stand-in trainer on the hosts, its code uploaded by `sync:`. */
export function writeSshStudy(ws: string, o: SshStudyOptions): string {
  fs.copyFileSync(path.join(FIXTURES, 'trainer.py'), path.join(ws, 'trainer.py'));
  const file = path.join(ws, 'study.rung.yaml');
  fs.writeFileSync(file, [
    'version: 1',
    'name: remote',
    `command: python3 trainer.py --x {x} --epochs {resource} --out {trial_dir} --sleep ${o.sleep ?? 0.1} ${o.trainerArgs ?? ''}`,
    `workdir: ${o.workdir}`,
    'space:',
    '  x: {uniform: [0.0, 1.0]}',
    'objectives:',
    '  score: {mode: max}',
    'searcher: random',
    'seed: 5',
    o.scheduler ?? 'scheduler: {type: asha, resource: epochs, min: 1, max: 9, reduction: 3, mode: promotion}',
    `parallel: ${o.parallel ?? 6}`,
    `gpus_per_trial: ${o.gpusPerTrial ?? 1}`,
    `budget: {trials: ${o.trials ?? 9}}`,
    'sync: {from: .}',
    'hosts:',
    ...(o.hosts ?? ['rung-h2', 'rung-h3', 'rung-h4']).map((h) => `  - ${h}`),
    o.extra ?? '',
  ].join('\n') + '\n');
  return file;
}

/** The CLI's environment: the world's HOME, no ssh-agent of the person running the tests. */
export function sshEnv(w: SshWorld): NodeJS.ProcessEnv {
  return { HOME: w.home, SSH_AUTH_SOCK: '' };
}

/** Every `<launch>.launch` marker of the run on every host, by launch id, with the host it is on. */
export function remoteMarkers(w: SshWorld, workdir: string, runId: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const n of w.octets) {
    const root = hostPath(w, n, workdir.replace(/^~\//, ''), '.rung', runId);
    if (!fs.existsSync(root)) continue;
    for (const trial of fs.readdirSync(root)) {
      for (const f of fs.readdirSync(path.join(root, trial))) {
        if (!f.endsWith('.launch')) continue;
        const launch = f.slice(0, -'.launch'.length);
        found.set(launch, [...(found.get(launch) ?? []), alias(n)]);
      }
    }
  }
  return found;
}

/**
 * Nothing launched twice, from the hosts' side: each launch the journal
 * says started has exactly one marker, on the host the journal names, and
 * no marker exists for a launch the journal never started.
 */
export function assertMarkersMatchJournal(w: SshWorld, workdir: string, run: RunFolder): void {
  const evs = events(run);
  const markers = remoteMarkers(w, workdir, run.id);
  const launched = evs.filter((e): e is Extract<RunEvent, { type: 'trial-launched' }> => e.type === 'trial-launched');
  // A host reached another way (through a network namespace: rung-h3-ns) keeps its files in the same home.
  for (const l of launched) assert.deepEqual(markers.get(l.launch), [alias(/^rung-h(\d)/.exec(l.host)?.[1] ?? '?')], `${l.launch}: markers on ${JSON.stringify(markers.get(l.launch))}, the journal says ${l.host}`);
  const started = new Set(launched.map((l) => l.launch));
  for (const [launch, hosts] of markers) {
    if (started.has(launch)) continue;
    // Started by an engine that died before journalling it, and found finished by the next one: collected once.
    const collected = evs.some((e) => e.type === 'trial-ended' && e.launch === launch) && !evs.some((e) => e.type === 'launch-failed' && e.launch === launch);
    if (collected) {
      assert.equal(hosts.length, 1, `${launch} has markers on ${hosts.join(', ')}`);
      continue;
    }
    // A claim without a start: the engine died between the two, and the next one found it never ran.
    const trial = launch.slice(0, launch.lastIndexOf('.'));
    for (const h of hosts) {
      const dir = hostPath(w, h.slice(-1), workdir.replace(/^~\//, ''), '.rung', run.id, trial);
      assert.ok(!fs.existsSync(path.join(dir, `${launch}.pid`)) && !fs.existsSync(path.join(dir, `${launch}.exit`)), `${launch} ran on ${h} but the journal never started it`);
    }
    assert.ok(evs.some((e) => e.type === 'launch-failed' && e.launch === launch), `${launch} has a marker on ${hosts.join(', ')} but the journal neither started it nor says it failed`);
  }
}

/** The stand-in's watts per GPU UUID on every host (its `gpus` file: index|uuid|name|watts|...). */
export function standInWatts(w: SshWorld): Map<string, number> {
  const watts = new Map<string, number>();
  for (const n of w.octets) {
    for (const line of fs.readFileSync(path.join(w.sshds.get(`RUNG_SSH_GPU_DIR_${n}`), 'gpus'), 'utf8').trim().split('\n')) {
      const [, uuid, , draw] = line.split('|');
      watts.set(uuid as string, Number(draw));
    }
  }
  return watts;
}

/** The pid of host n's listening sshd. */
export function sshdPid(w: SshWorld, n: string): number {
  return Number(fs.readFileSync(path.join(w.sshds.dir, `h${n}`, 'sshd.pid'), 'utf8').trim());
}

/** Stops host n's sshd, and with `sessions` its open sessions too (the connections drop as when a host goes away). */
export function stopSshd(w: SshWorld, n: string, sessions: boolean): void {
  const pid = sshdPid(w, n);
  if (sessions) killSessions(w, n);
  process.kill(pid, 'SIGTERM');
  const t0 = Date.now();
  while (Date.now() - t0 < 5000 && processAlive(pid)) cp.execFileSync('sleep', ['0.05']);
}

/** Ends host n's SSH sessions (each an sshd child of the listener), leaving the listener up. */
export function killSessions(w: SshWorld, n: string): number {
  let children: string[] = [];
  try {
    children = cp.execFileSync('pgrep', ['-P', String(sshdPid(w, n))], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return 0;
  }
  for (const c of children) process.kill(Number(c), 'SIGKILL');
  return children.length;
}

/** Starts host n's sshd again with the same config, port and host key. */
export function startSshd(w: SshWorld, n: string): void {
  const dir = path.join(w.sshds.dir, `h${n}`);
  fs.rmSync(path.join(dir, 'sshd.pid'), { force: true });
  cp.execFileSync('/usr/sbin/sshd', ['-f', path.join(dir, 'sshd_config'), '-E', path.join(dir, 'sshd.log')]);
  const t0 = Date.now();
  while (Date.now() - t0 < 5000 && !fs.existsSync(path.join(dir, 'sshd.pid'))) cp.execFileSync('sleep', ['0.05']);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
