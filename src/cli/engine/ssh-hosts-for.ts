/**
 * A `hosts:` study's SSH side, as the CLI sets it up: one connection per host
 * (resolved through ~/.ssh/config, overridden by the study's entry), keys and
 * new host keys asked about on the terminal, and a first login to every host
 * before a run starts, so a study none of whose hosts answers is refused
 * before a run folder exists and one that loses some starts on the others.
 */
import type { HostSpec, Study } from '../../core/space/model';
import { SshError } from '../../backends/ssh/errors';
import { SshConfigError } from '../../backends/ssh/host-config';
import { SshHosts, type HostEntry } from '../../backends/ssh/ssh-hosts';
import { terminalPrompter } from '../ssh-prompter';
import { StudyError } from './load-study';

/** How long the first login plus a trivial command may take per host. */
const FIRST_LOOK_MS = 30_000;

export function hostEntry(spec: HostSpec): HostEntry {
  return {
    alias: spec.alias,
    ...(spec.user !== undefined ? { user: spec.user } : {}),
    ...(spec.port !== undefined ? { port: spec.port } : {}),
    ...(spec.identityFile !== undefined ? { identityFile: spec.identityFile } : {}),
  };
}

export function sshHostsFor(acceptNewHostKey: boolean): SshHosts {
  return new SshHosts({ prompter: terminalPrompter(), acceptNewHostKey });
}

/**
 * Logs in to every host of the study at once. Hosts that cannot be reached
 * are reported through `warn` and stay in the study (the backend tries them
 * again); when none can be reached it throws, naming each host's reason.
 */
export async function connectStudyHosts(study: Study, pool: SshHosts, warn: (line: string) => void): Promise<void> {
  const tried = await Promise.all(study.hosts.map(async (spec) => {
    try {
      const result = await pool.shell(hostEntry(spec)).exec('true', { timeoutMs: FIRST_LOOK_MS });
      return result.code === 0 ? undefined : `${spec.alias}: a trivial command exited with ${result.code ?? result.signal}${result.stderr.trim() ? ` (${result.stderr.trim()})` : ''}`;
    } catch (e) {
      return reasonOf(spec.alias, e);
    }
  }));
  const failed = tried.filter((r): r is string => r !== undefined);
  if (failed.length === study.hosts.length) {
    await pool.close();
    throw new StudyError(`none of the study's hosts can be reached, so nothing was started:\n${failed.map((f) => `  ${f}`).join('\n')}`);
  }
  for (const f of failed) warn(`warning: ${f}; the run starts on the other hosts and tries this one again later`);
}

function reasonOf(alias: string, e: unknown): string {
  const message = (e as Error).message;
  if (e instanceof SshError || e instanceof SshConfigError) return message.includes(alias) ? message : `${alias}: ${message}`;
  return `${alias}: ${message}`;
}
