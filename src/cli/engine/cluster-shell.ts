/**
 * Where a Slurm or cluster study's scheduler commands run: this machine, or
 * the login node the study names (`slurm.login`, `cluster.login`) over SSH. A login node is reached
 * before the run starts (connectLoginNode), so one that does not answer is
 * refused before a run folder exists, and the study's workdir is resolved
 * there once: on a login node it is a path on the cluster's file system
 * (absolute, or from the login's home; default the home), never this
 * machine's. The run's cluster side lives under it, in
 * `<workdir>/.rung/runs/<run-id>/` (trial folders, job scripts, logs), and
 * the logs are mirrored into the run folder on this machine.
 */
import * as path from 'node:path';
import type { Study } from '../../core/space/model';
import { shellQuote } from '../../core/space/shell';
import { LocalShell } from '../../backends/shell/local-shell';
import type { HostShell } from '../../backends/shell/host-shell';
import { SshError } from '../../backends/ssh/errors';
import { SshConfigError } from '../../backends/ssh/host-config';
import { SshHosts } from '../../backends/ssh/ssh-hosts';
import { terminalPrompter } from '../ssh-prompter';
import { StudyError } from './load-study';

/** How long the first login plus a look at the workdir may take. */
const FIRST_LOOK_MS = 30_000;

export interface LoginNode {
  readonly alias: string;
  readonly shell: HostShell;
  /** The study's workdir as an absolute path on the login node. */
  readonly workdir: string;
}

/** The cluster side of a run, as the batch backends take it. */
export interface ClusterSide {
  readonly shell: HostShell;
  /** The run folder as the cluster sees it; absent: this machine's run folder is on the cluster. */
  readonly clusterRunDir?: string;
  /** Where jobs run, as the cluster sees it; absent: the study's workdir as this machine resolves it. */
  readonly workdir?: string;
}

/** The SSH host the study submits through, if any. */
export function loginOf(study: Study): string | undefined {
  return study.slurm?.login ?? study.cluster?.login;
}

/** The program that submits jobs: sbatch, or the first word of the `submit` template after any `NAME=value` words. */
function submitProgram(study: Study): string {
  if (study.slurm || !study.cluster) return 'sbatch';
  return study.cluster.submit.trim().split(/\s+/).find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) ?? 'sbatch';
}

/**
 * Logs in to the study's login node and finds its workdir there; undefined
 * for a study without one. Fails with what to fix, the connection closed,
 * when the node cannot be reached, the workdir is missing or the submit
 * program (sbatch, qsub...) is not on the PATH of a command run over SSH there.
 */
export async function connectLoginNode(study: Study, acceptNewHostKey: boolean): Promise<LoginNode | undefined> {
  const alias = loginOf(study);
  if (alias === undefined) return undefined;
  const pool = new SshHosts({ prompter: terminalPrompter(), acceptNewHostKey });
  try {
    const shell = pool.shell({ alias });
    const word = workdirWord(study.workdir);
    const program = submitProgram(study);
    const look = await shell.exec(`command -v ${shellQuote(program)} >/dev/null || echo no-submit; cd ${word} && pwd`, { timeoutMs: FIRST_LOOK_MS });
    if (look.stdout.includes('no-submit')) {
      throw new StudyError(`${program} is not on the PATH of commands run over SSH on the login node ${alias}; set PATH there for non-interactive shells (e.g. in ~/.bashrc before its interactive check)`);
    }
    const workdir = look.stdout.trim().split('\n').pop() ?? '';
    if (look.code !== 0 || !workdir.startsWith('/')) {
      throw new StudyError(`the workdir ${study.workdir ?? '~'} does not exist on the login node ${alias}${look.stderr.trim() ? ` (${look.stderr.trim()})` : ''}: create it there, or fix \`workdir:\` in the study`);
    }
    return { alias, shell, workdir };
  } catch (e) {
    await pool.close();
    if (e instanceof SshError || e instanceof SshConfigError) {
      const message = e.message.includes(alias) ? e.message : `${alias}: ${e.message}`;
      throw new StudyError(`the login node cannot be reached, so nothing was started: ${message}`);
    }
    throw e;
  }
}

/** This machine's shell, or the login node's with the run's folder under its workdir. */
export function clusterSide(study: Study, runId: string, loginNode: LoginNode | undefined): ClusterSide {
  const alias = loginOf(study);
  if (alias === undefined) return { shell: new LocalShell() };
  if (loginNode?.alias !== alias) throw new StudyError(`the login node ${alias} was not connected before the engine started; run the study with rung run or rung resume`);
  return { shell: loginNode.shell, clusterRunDir: path.posix.join(loginNode.workdir, '.rung', 'runs', runId), workdir: loginNode.workdir };
}

/** The workdir as a word of the login node's shell: `~` and relative paths start from the login's home. */
function workdirWord(workdir: string | undefined): string {
  if (workdir === undefined || workdir === '~') return '"$HOME"';
  if (workdir.startsWith('/')) return shellQuote(workdir);
  return `"$HOME"/${shellQuote(workdir.startsWith('~/') ? workdir.slice(2) : workdir)}`;
}
