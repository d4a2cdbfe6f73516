/**
 * Before the editor starts or resumes a run on SSH hosts or a login node, it
 * logs in to each of them once itself, so that a host never seen before is
 * shown to the person in a modal with its SHA256 fingerprint and, if they
 * trust it, recorded in known_hosts. The engine then runs detached, where
 * nobody could answer; it finds the key known. Nothing is accepted silently:
 * a declined key leaves known_hosts as it was and the run is not started.
 *
 * An encrypted key cannot be unlocked for a detached engine (a passphrase is
 * never written anywhere), so the editor asks the person to load it into
 * ssh-agent instead of asking for the passphrase.
 */
import * as vscode from 'vscode';
import type { Prompter } from '../../backends/ssh/prompter';
import type { HostEntry } from '../../backends/ssh/ssh-hosts';
import type { Study } from '../../core/space/model';

/** How long one first login may take before the run is left to report the host itself. */
const LOOK_MS = 30_000;

/** The SSH hosts a study reaches: its `hosts:` and its cluster's login node. */
export function sshHostsOf(study: Study): HostEntry[] {
  const hosts: HostEntry[] = study.hosts.map((h) => ({
    alias: h.alias,
    ...(h.user !== undefined ? { user: h.user } : {}),
    ...(h.port !== undefined ? { port: h.port } : {}),
    ...(h.identityFile !== undefined ? { identityFile: h.identityFile } : {}),
  }));
  const login = study.slurm?.login ?? study.cluster?.login;
  if (login !== undefined) hosts.push({ alias: login });
  return hosts;
}

class EditorPrompter implements Prompter {
  declined = false;
  lockedKey: string | undefined;

  async confirmHostKey(host: string, fingerprintSha256: string, keyType: string): Promise<boolean> {
    const trust = 'Trust and Continue';
    const answer = await vscode.window.showWarningMessage(
      `Rung: ${host} is not in your known_hosts.`,
      { modal: true, detail: `Its ${keyType} host key has the fingerprint\n\n${fingerprintSha256}\n\nCompare it with the one the host's administrator gives (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host). If you trust it, it is added to known_hosts.` },
      trust,
    );
    if (answer !== trust) this.declined = true;
    return answer === trust;
  }

  async passphrase(keyPath: string): Promise<string | undefined> {
    this.lockedKey = keyPath;
    return undefined;
  }
}

/**
 * Logs in to each SSH host of the study once. Throws with what to do when the
 * person declined a host key or a key needs a passphrase; a host that cannot
 * be reached is left for the run to report (it starts on the others).
 */
export async function trustStudyHosts(study: Study, log: vscode.LogOutputChannel): Promise<void> {
  const hosts = sshHostsOf(study);
  if (hosts.length === 0) return;
  const prompter = new EditorPrompter();
  // Loaded on first use: the SSH client is most of the bundle's weight, and activation need not pay for it.
  const { SshHosts } = await import('../../backends/ssh/ssh-hosts.js');
  const pool = new SshHosts({ prompter, acceptNewHostKey: false });
  try {
    await Promise.all(hosts.map(async (h) => {
      try {
        await pool.shell(h).exec('true', { timeoutMs: LOOK_MS });
      } catch (e) {
        log.warn(`${h.alias}: ${(e as Error).message}`);
      }
    }));
  } finally {
    await pool.close();
  }
  if (prompter.declined) throw new Error('a host key was not trusted, so nothing was started');
  if (prompter.lockedKey !== undefined) {
    throw new Error(`the key ${prompter.lockedKey} needs its passphrase, and a run started from the editor runs detached where nobody can type it: load it into ssh-agent (ssh-add ${prompter.lockedKey}) and run again`);
  }
}
