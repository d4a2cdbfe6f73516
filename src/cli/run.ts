/** `rung run FILE [--detach]` and `rung resume RUN [--detach]`: start or continue a run's engine. */
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJournal } from '../storage/journal-file';
import { createRunFolder, runFolderAt, type RunFolder } from '../storage/run-folder';
import { isEngineAlive } from '../storage/engine-lock';
import { parseArgs, UsageError } from './args';
import { driveEngine } from './engine/drive';
import { assertRunnableHere } from './engine/backend-for';
import { loadStudy } from './engine/load-study';
import { connectLoginNode } from './engine/cluster-shell';
import { connectStudyHosts, sshHostsFor } from './engine/ssh-hosts-for';
import type { SshHosts } from '../backends/ssh/ssh-hosts';
import type { Study } from '../core/space/model';
import type { Io } from './io';
import { resolveRun } from './runs';
import { runStatus } from './status';

export const RUN_HELP = `Usage: rung run FILE [--detach] [--workspace DIR] [--accept-new-host-key]

Starts a tuning run of the study FILE. The run lives in
DIR/.rung/runs/<run-id>/ (DIR defaults to the current folder): a snapshot of
the study, the journal, trial folders and logs. Trials are detached: they
outlive this command, and Ctrl-C stops only the engine (resume it with
rung resume). With --detach the engine runs in the background and the run id
is printed. --accept-new-host-key trusts an SSH host never seen before and
adds its key to known_hosts (a changed key is still refused).`;

export const RESUME_HELP = `Usage: rung resume RUN [--detach] [--workspace DIR] [--accept-new-host-key]

Continues a run whose engine stopped (Ctrl-C, a crash, a reboot): replays its
journal, re-attaches to trials that are still running, collects those that
finished meanwhile, and goes on where it left off. Nothing is launched twice.
--accept-new-host-key: as for rung run.`;

const FLAGS = { '--detach': 'boolean', '--workspace': 'string', '--accept-new-host-key': 'boolean', '--help': 'boolean', '-h': 'boolean' } as const;

export async function runRun(argv: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(argv, FLAGS);
  if (flags['--help'] || flags['-h']) { io.out(RUN_HELP); return 0; }
  if (positional.length !== 1) throw new UsageError('rung run needs exactly one study FILE');
  const file = path.resolve(positional[0] as string);
  const { study, text } = loadStudy(file);
  assertRunnableHere(study);
  const acceptNewHostKey = flags['--accept-new-host-key'] === true;
  // Before the run folder exists: a login node, or a study none of whose hosts answers, leaves nothing behind.
  const loginNode = await connectLoginNode(study, acceptNewHostKey);
  const sshHosts = await firstLook(study, acceptNewHostKey, io);
  const workspace = path.resolve((flags['--workspace'] as string | undefined) ?? process.cwd());
  const run = createRunFolder(workspace, text, Date.now());
  fs.writeFileSync(path.join(run.dir, 'study-path'), file + '\n');
  if (flags['--detach']) {
    await loginNode?.shell.close();
    await sshHosts?.close();
    return detach(run, file, true, acceptNewHostKey, io);
  }
  io.out(`run ${run.id} (${path.relative(process.cwd(), run.dir) || '.'})`);
  const code = await driveEngine({ run, studyFile: file, fresh: true, io, progress: true, acceptNewHostKey, ...(loginNode ? { loginNode } : {}), ...(sshHosts ? { sshHosts } : {}) });
  if (code !== 130) runStatus([run.dir], io);
  return code;
}

export async function runResume(argv: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(argv, FLAGS);
  if (flags['--help'] || flags['-h']) { io.out(RESUME_HELP); return 0; }
  if (positional.length !== 1) throw new UsageError('rung resume needs exactly one RUN');
  const run = resolveRun(positional[0] as string, (flags['--workspace'] as string | undefined) ?? process.cwd());
  if (isEngineAlive(run.dir)) { io.err(`rung resume: the engine of ${run.id} is running already; follow it with rung status ${run.id}`); return 1; }
  const file = studyFileOf(run);
  const acceptNewHostKey = flags['--accept-new-host-key'] === true;
  if (flags['--detach']) return detach(run, file, false, acceptNewHostKey, io);
  const snapshot = snapshotOf(run, file);
  const loginNode = await connectLoginNode(snapshot, acceptNewHostKey);
  const sshHosts = await firstLook(snapshot, acceptNewHostKey, io);
  io.out(`resuming run ${run.id}`);
  const code = await driveEngine({ run, studyFile: file, fresh: false, io, progress: true, acceptNewHostKey, ...(loginNode ? { loginNode } : {}), ...(sshHosts ? { sshHosts } : {}) });
  if (code !== 130) runStatus([run.dir], io);
  return code;
}

/** The study file a run was started from (relative paths in it resolve from there). */
export function studyFileOf(run: RunFolder): string {
  try {
    return fs.readFileSync(path.join(run.dir, 'study-path'), 'utf8').trim();
  } catch {
    const started = readJournal(run.journal).events.find((e) => e.type === 'run-started');
    return started && started.type === 'run-started' ? started.studyFile : run.study;
  }
}

/** Starts `rung engine` in its own session, so it outlives this command and the terminal. */
function detach(run: RunFolder, studyFile: string, fresh: boolean, acceptNewHostKey: boolean, io: Io): number {
  const log = fs.openSync(path.join(run.dir, 'engine.out'), 'a');
  const flags = [...(fresh ? ['--fresh'] : []), ...(acceptNewHostKey ? ['--accept-new-host-key'] : [])];
  const child = cp.spawn(process.execPath, [process.argv[1] as string, 'engine', run.dir, '--study', studyFile, ...flags], {
    detached: true, stdio: ['ignore', log, log], cwd: process.cwd(),
  });
  child.unref();
  fs.closeSync(log);
  io.out(run.id);
  return 0;
}

export const ENGINE_HELP = `Usage: rung engine RUNDIR --study FILE [--fresh] [--accept-new-host-key]

The engine process of a run, as started by rung run --detach, rung resume
--detach and the editor. Not meant to be typed.`;

export async function runEngine(argv: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(argv, { '--study': 'string', '--fresh': 'boolean', '--accept-new-host-key': 'boolean', '--help': 'boolean', '-h': 'boolean' });
  if (flags['--help'] || flags['-h']) { io.out(ENGINE_HELP); return 0; }
  if (positional.length !== 1 || typeof flags['--study'] !== 'string') throw new UsageError('rung engine needs RUNDIR and --study FILE');
  // A fresh run has no journal yet, so only its folder (with the study snapshot) identifies it.
  const dir = path.resolve(positional[0] as string);
  const run = flags['--fresh'] === true && fs.existsSync(runFolderAt(dir).study) ? runFolderAt(dir) : resolveRun(positional[0] as string, process.cwd());
  const acceptNewHostKey = flags['--accept-new-host-key'] === true;
  const snapshot = snapshotOf(run, flags['--study'] as string);
  const loginNode = await connectLoginNode(snapshot, acceptNewHostKey);
  const sshHosts = await firstLook(snapshot, acceptNewHostKey, io);
  return driveEngine({ run, studyFile: flags['--study'] as string, fresh: flags['--fresh'] === true, io, progress: false, acceptNewHostKey, ...(loginNode ? { loginNode } : {}), ...(sshHosts ? { sshHosts } : {}) });
}

/** The study as the run recorded it (the engine runs that snapshot, not the file as edited since). */
function snapshotOf(run: RunFolder, studyFile: string): Study {
  return loadStudy(studyFile, fs.readFileSync(run.study, 'utf8')).study;
}

/** Logs in to a `hosts:` study's hosts; undefined for a study that runs elsewhere. */
async function firstLook(study: Study, acceptNewHostKey: boolean, io: Io): Promise<SshHosts | undefined> {
  if (study.hosts.length === 0) return undefined;
  const pool = sshHostsFor(acceptNewHostKey);
  await connectStudyHosts(study, pool, (line) => io.err(line));
  return pool;
}
