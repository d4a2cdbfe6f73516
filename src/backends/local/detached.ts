/**
 * Starting a trial that outlives the engine: its own session and process
 * group (setsid), output appended to the trial's log, and a small wrapper
 * shell that records the pid first and the exit status last.
 *
 * The wrapper script is shared with remote hosts (../shell/trial-wrapper.ts).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { LaunchFiles } from './launch-files';
import { processArguments } from '../../storage/process-liveness';
import { TRIAL_WRAPPER, TRIAL_WRAPPER_NAME } from '../shell/trial-wrapper';

export interface DetachedStart {
  readonly command: string;
  readonly files: LaunchFiles;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Starts the wrapper and returns its pid (= its process group id). */
export async function startDetached(start: DetachedStart): Promise<number> {
  const log = fs.openSync(start.files.log, 'a');
  try {
    const child = spawn('/bin/sh', ['-c', TRIAL_WRAPPER, TRIAL_WRAPPER_NAME, start.command, start.files.pid, start.files.exit], {
      cwd: start.cwd,
      env: start.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) {
      const error = await new Promise<Error>((resolve) => child.once('error', resolve));
      throw new Error(`Could not start the trial: ${error.message}`);
    }
    child.on('error', () => undefined);
    child.unref();
    // The wrapper writes it too, but only once it runs: written here as well, a restart right after launch() still finds it.
    fs.writeFileSync(`${start.files.pid}.engine.tmp`, `${child.pid}\n`);
    fs.renameSync(`${start.files.pid}.engine.tmp`, start.files.pid);
    return child.pid;
  } finally {
    fs.closeSync(log);
  }
}

/** Whether `pid` is still the wrapper of this launch (and not a stranger that reuses its pid). */
export function isWrapperOf(pid: number, files: LaunchFiles): boolean {
  const args = processArguments(pid);
  return args === undefined || args.includes(files.exit);
}

/** Signals the launch's whole process group; false when it is already gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
