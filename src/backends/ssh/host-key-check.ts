/**
 * Decides whether to trust the key a server presents, for ssh2's hostVerifier:
 * a key in known_hosts is trusted; a changed or revoked one is refused with the
 * file and line to fix; an unknown host is trusted only when the person
 * confirms its fingerprint or the run was told to accept new host keys, and
 * then it is written to known_hosts as ssh would. There is no "accept all".
 */
import type { SshEndpoint } from './host-config';
import { SshError, where } from './errors';
import { appendKnownHost, fingerprintSha256, judgeHostKey, keyTypeOf, knownHostName, knownKeyTypes, readKnownHosts } from './known-hosts';
import type { Prompter } from './prompter';

export interface HostKeyPolicy {
  readonly prompter?: Prompter;
  /** `--accept-new-host-key`: trust and record a host never seen before (a changed key is still refused). */
  readonly acceptNewHostKey?: boolean;
}

/** The order ssh2 offers host key algorithms in when known_hosts says nothing. */
const DEFAULT_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa',
];

export class HostKeyCheck {
  /** Set when a key was refused: ssh2 reports only "verification failed", this says why. */
  refusal: SshError | undefined;
  private readonly name: string;

  constructor(private readonly endpoint: SshEndpoint, private readonly policy: HostKeyPolicy, private readonly pause: (during: Promise<unknown>) => void) {
    this.name = knownHostName(endpoint.hostName, endpoint.port);
  }

  /**
   * Algorithms with the types known_hosts holds for this host first, as ssh
   * orders them, so a server with several keys presents the one on file.
   */
  algorithms(): string[] {
    const known = knownKeyTypes(readKnownHosts(this.endpoint.knownHostsFiles), this.name);
    const first = DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => known.includes(a) || (a.startsWith('rsa-sha2') && known.includes('ssh-rsa')));
    return [...first, ...DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => !first.includes(a))];
  }

  /** ssh2's asynchronous hostVerifier: it must return nothing and answer through `verify`. */
  readonly verifier = (key: Buffer, verify: (valid: boolean) => void): void => {
    const decision = this.decide(key).catch((e: unknown) => {
      this.refusal = e instanceof SshError ? e : new SshError('host-key', `${where(this.endpoint)}: could not check the host key: ${(e as Error).message}`);
      return false;
    });
    this.pause(decision);
    void decision.then(verify);
  };

  private async decide(key: Buffer): Promise<boolean> {
    const keyType = keyTypeOf(key);
    const fingerprint = fingerprintSha256(key);
    const verdict = judgeHostKey(readKnownHosts(this.endpoint.knownHostsFiles), this.name, keyType, key);
    const at = where(this.endpoint);
    switch (verdict.kind) {
      case 'known':
        return true;
      case 'revoked':
        this.refusal = new SshError('host-key', `${at} presented a host key that ${verdict.entry.file}:${verdict.entry.line} marks @revoked (${keyType} ${fingerprint}). Refusing to connect; ask the host's administrator for its current key.`);
        return false;
      case 'changed':
        this.refusal = new SshError('host-key', `${at} presented a different host key (${keyType} ${fingerprint}) from the one recorded in ${verdict.entry.file}:${verdict.entry.line}. Someone may be intercepting the connection, or the host was reinstalled. Refusing to connect. If the change is expected, remove the old key with: ssh-keygen -R '${this.name}' -f ${verdict.entry.file}`);
        return false;
      case 'unknown':
        return this.trustNew(key, keyType, fingerprint);
    }
  }

  private async trustNew(key: Buffer, keyType: string, fingerprint: string): Promise<boolean> {
    const accept = this.policy.acceptNewHostKey === true || this.endpoint.acceptNewHostKey
      || (this.policy.prompter !== undefined && await this.policy.prompter.confirmHostKey(this.name, fingerprint, keyType));
    if (!accept) {
      const how = this.policy.prompter ? 'the host key was not accepted' : 'nobody could be asked to confirm it';
      this.refusal = new SshError('host-key', `${where(this.endpoint)} is not in known_hosts (${keyType} ${fingerprint}) and ${how}. Check the fingerprint with the host's administrator, then connect once with ssh or pass --accept-new-host-key.`);
      return false;
    }
    const file = this.endpoint.knownHostsFiles[0];
    if (file !== undefined) appendKnownHost(file, this.name, keyType, key);
    return true;
  }
}
