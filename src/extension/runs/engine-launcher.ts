/**
 * Starts engines the way a terminal does: the bundled CLI's `rung run --detach`
 * and `rung resume --detach`. The CLI spawns the engine in its own session
 * (detached, unref'd, output to the run folder) and exits, so the engine
 * belongs to no editor process: a window reload or an editor restart leaves it
 * running, and the Runs view finds it again through its lock file.
 */
import * as cp from 'node:child_process';
import * as path from 'node:path';
import { settings } from '../settings';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class EngineLauncher {
  constructor(private readonly extensionPath: string) {}

  /** The program and leading arguments that run the CLI, and the environment to give it. */
  command(): { program: string; args: string[]; env: NodeJS.ProcessEnv } {
    const cli = settings.cliPath() || path.join(this.extensionPath, 'dist', 'cli.js');
    const node = settings.nodePath();
    if (node) return { program: node, args: [cli], env: { ...process.env } };
    // On desktop the extension host is Electron; this makes it behave as plain Node.
    return { program: process.execPath, args: [cli], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } };
  }

  /** Runs the CLI to its end (quick for run/resume --detach) and collects its output. */
  cli(args: readonly string[], cwd: string): Promise<CliResult> {
    const { program, args: lead, env } = this.command();
    return new Promise((resolve) => {
      const child = cp.spawn(program, [...lead, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      child.on('error', (e) => resolve({ code: -1, stdout, stderr: `cannot start ${program}: ${e.message}` }));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  /** `rung run FILE --detach`: the new run's id. */
  async start(studyFile: string, workspace: string): Promise<string> {
    const result = await this.cli(['run', studyFile, '--detach', '--workspace', workspace], workspace);
    return lastLine(result, 'start the run');
  }

  /** `rung resume RUNDIR --detach`. */
  async resume(runDir: string, workspace: string): Promise<string> {
    const result = await this.cli(['resume', runDir, '--detach', '--workspace', workspace], workspace);
    return lastLine(result, 'resume the run');
  }
}

export class EngineError extends Error {}

function lastLine(result: CliResult, what: string): string {
  const out = result.stdout.trim().split('\n').pop()?.trim() ?? '';
  if (result.code !== 0 || out === '') {
    const why = result.stderr.trim() || `the CLI exited with status ${result.code}`;
    throw new EngineError(`Could not ${what}: ${why.replace(/^rung (run|resume): /, '')}`);
  }
  return out;
}
