/**
 * Runs an engine in this process: takes the run's lock, replays the journal,
 * drives the tuner, and on SIGINT/SIGTERM leaves the trials running so that
 * `rung resume` can pick them up.
 */
import { EngineLock } from '../../storage/engine-lock';
import type { SshHosts } from '../../backends/ssh/ssh-hosts';
import type { RunFolder } from '../../storage/run-folder';
import type { Io } from '../io';
import { progressLine } from '../progress';
import { engineLogger } from './logger';
import { openEngine, type EngineOptions } from './compose';
import type { LoginNode } from './cluster-shell';
import * as path from 'node:path';

export interface DriveOptions {
  readonly run: RunFolder;
  readonly studyFile: string;
  readonly fresh: boolean;
  readonly io: Io;
  /** Print progress lines (a terminal is watching). */
  readonly progress: boolean;
  /** --accept-new-host-key: SSH hosts never seen before are trusted and recorded. */
  readonly acceptNewHostKey?: boolean;
  /** The study's cluster login node, connected by connectLoginNode; the engine's backend closes it. */
  readonly loginNode?: LoginNode;
  /** Connections to the study's SSH hosts, opened by connectStudyHosts before the run. */
  readonly sshHosts?: SshHosts;
  readonly engine?: Partial<EngineOptions>;
}

export async function driveEngine(o: DriveOptions): Promise<number> {
  const lock = EngineLock.acquire(o.run.dir);
  const logger = engineLogger(path.join(o.run.dir, 'engine.log'), o.progress ? (line) => o.io.err(line) : undefined);
  let engine;
  try {
    engine = openEngine({ run: o.run, studyFile: o.studyFile, logger, fresh: o.fresh, acceptNewHostKey: o.acceptNewHostKey === true, ...(o.loginNode ? { loginNode: o.loginNode } : {}), ...(o.sshHosts ? { sshHosts: o.sshHosts } : {}), ...o.engine });
  } catch (e) {
    logger.close();
    lock.release();
    await o.loginNode?.shell.close();
    await o.sshHosts?.close();
    throw e;
  }
  const { tuner, study } = engine;
  let signalled = '';
  const onSignal = (sig: NodeJS.Signals) => {
    signalled = sig;
    logger.info(`${sig}: the engine stops; trials keep running. Resume with: rung resume ${o.run.id}`);
    tuner.detach();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let last = '';
  const timer = o.progress ? setInterval(() => {
    const line = progressLine(tuner.state, study);
    if (line !== last) { o.io.out(line); last = line; }
  }, 1000) : undefined;
  try {
    const state = await tuner.run();
    if (o.progress) o.io.out(progressLine(state, study));
    if (signalled) return 130;
    logger.info(`run ${o.run.id} ended: ${state.ended?.reason ?? 'unknown'}`);
    return state.ended?.halted ? 1 : 0;
  } finally {
    if (timer) clearInterval(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine.close();
    logger.close();
    lock.release();
  }
}
