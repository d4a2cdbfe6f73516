/**
 * ssh2's and the socket's errors turned into sentences that say what failed
 * and what to do, so a user never sees "All configured authentication methods
 * failed" or a bare ECONNREFUSED.
 */
import type { SshEndpoint } from './host-config';

export type SshFailure = 'auth' | 'host-key' | 'refused' | 'unreachable' | 'timeout' | 'lost' | 'config' | 'other';

/** Failures a retry cannot fix: the user must change a key, a config or known_hosts. */
const PERMANENT: ReadonlySet<SshFailure> = new Set(['auth', 'host-key', 'config']);

export class SshError extends Error {
  constructor(readonly failure: SshFailure, message: string) {
    super(message);
  }

  get permanent(): boolean {
    return PERMANENT.has(this.failure);
  }
}

export function where(endpoint: SshEndpoint): string {
  const address = `${endpoint.user}@${endpoint.hostName}:${endpoint.port}`;
  return endpoint.alias === endpoint.hostName ? address : `${endpoint.alias} (${address})`;
}

export interface AuthAttempt {
  /** What was offered, in order ('ssh-agent (2 keys)', a key path). */
  readonly offered: readonly string[];
  /** Why a key was not offered (declined passphrase, unreadable file). */
  readonly skipped: readonly string[];
}

export function translateSshError(error: unknown, endpoint: SshEndpoint, auth?: AuthAttempt): SshError {
  if (error instanceof SshError) return error;
  const e = error as Error & { code?: string; level?: string };
  const at = where(endpoint);
  const message = e?.message ?? String(error);
  if (e?.level === 'client-authentication') {
    const offered = auth && auth.offered.length > 0 ? `offered ${auth.offered.join(', ')}` : 'had no key to offer (no ssh-agent, no readable key file)';
    const skipped = auth && auth.skipped.length > 0 ? `; not offered: ${auth.skipped.join('; ')}` : '';
    return new SshError('auth', `${at} refused the login: Rung ${offered}${skipped}. Check the user name, that the key's public half is in ~/.ssh/authorized_keys there, and IdentityFile in ~/.ssh/config or the study's hosts: entry (or load the key with ssh-add).`);
  }
  switch (e?.code) {
    case 'ECONNREFUSED':
      return new SshError('refused', `${at} refused the connection: no SSH server listens on port ${endpoint.port} there. Check HostName and Port in ~/.ssh/config, or that sshd runs.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return new SshError('unreachable', `${at} cannot be reached (${e.code}): the host is down or the network has no route to it. Check VPN or network, then retry.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SshError('unreachable', `${at}: the host name '${endpoint.hostName}' does not resolve (${e.code}). Check HostName in ~/.ssh/config or the spelling in the study's hosts:.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new SshError('lost', `${at} closed the connection (${e.code}); it may be restarting or limiting connections (MaxStartups). Rung retries.`);
    case 'ETIMEDOUT':
      return new SshError('timeout', `${at} did not answer in time: a firewall may drop the packets or the host is down. Check the address and port, then retry.`);
  }
  if (/timed out while waiting for handshake/i.test(message)) {
    return new SshError('timeout', `${at} accepted the connection but did not complete the SSH handshake in time; the server may be overloaded or not an SSH server.`);
  }
  if (/keepalive timeout/i.test(message)) {
    return new SshError('lost', `${at} stopped answering keepalives; the connection was dropped. Rung reconnects when the host answers again.`);
  }
  return new SshError('other', `${at}: ${message}`);
}
