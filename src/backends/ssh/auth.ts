/**
 * Which keys a login offers, in ssh's order: the agent's keys first (only
 * those matching the IdentityFiles when IdentitiesOnly is set), then each
 * identity file. An encrypted file's passphrase is asked through the Prompter
 * only when it is reached, and only the decrypted key is kept (in memory, for
 * reconnects); the passphrase itself is dropped at once.
 */
import * as fs from 'node:fs';
import { OpenSSHAgent, utils, type AnyAuthMethod, type AuthHandlerMiddleware, type IdentityCallback, type ParsedKey } from 'ssh2';
import type { AuthAttempt } from './errors';
import type { SshEndpoint } from './host-config';
import type { Prompter } from './prompter';

/** How many times a wrong passphrase is asked again, as ssh does. */
const PASSPHRASE_TRIES = 3;

/** Keys decrypted so far, shared by every connection of a run so each passphrase is asked once. */
export class KeyRing {
  private readonly keys = new Map<string, ParsedKey>();
  /** Keys being read now: hosts logging in at once with one encrypted key ask for its passphrase once. */
  private readonly loading = new Map<string, Promise<ParsedKey | string>>();

  constructor(private readonly prompter?: Prompter) {}

  /** The key in `file`, or why it cannot be used. */
  load(file: string, pause: (during: Promise<unknown>) => void): Promise<ParsedKey | string> {
    const cached = this.keys.get(file);
    if (cached) return Promise.resolve(cached);
    const loading = this.loading.get(file);
    if (loading) {
      // Another login is asking for this key's passphrase: this one's time limit waits too.
      pause(loading);
      return loading;
    }
    const read = this.read(file, pause).finally(() => this.loading.delete(file));
    this.loading.set(file, read);
    return read;
  }

  private async read(file: string, pause: (during: Promise<unknown>) => void): Promise<ParsedKey | string> {
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch (e) {
      return `${file}: ${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'not readable' : (e as Error).message}`;
    }
    let parsed: ParsedKey | Error | string = utils.parseKey(data);
    if (parsed instanceof Error && /passphrase|encrypted/i.test(parsed.message)) {
      parsed = await this.decrypt(file, data, pause);
      if (typeof parsed === 'string') return parsed;
    }
    if (parsed instanceof Error) return `${file}: ${parsed.message}`;
    this.keys.set(file, parsed);
    return parsed;
  }

  private async decrypt(file: string, data: Buffer, pause: (during: Promise<unknown>) => void): Promise<ParsedKey | Error | string> {
    if (!this.prompter) return `${file} is encrypted and nobody can be asked for its passphrase; load it with ssh-add`;
    for (let i = 0; i < PASSPHRASE_TRIES; i++) {
      let passphrase: string | undefined;
      try {
        const asked = this.prompter.passphrase(file);
        pause(asked);
        passphrase = await asked;
      } catch (e) {
        return `${file}: ${(e as Error).message}`;
      }
      if (passphrase === undefined) return `${file}: passphrase not given`;
      const parsed = utils.parseKey(data, passphrase);
      if (!(parsed instanceof Error)) return parsed;
      if (!/bad passphrase|decrypt|integrity/i.test(parsed.message)) return parsed;
    }
    return `${file}: wrong passphrase ${PASSPHRASE_TRIES} times`;
  }
}

/** An agent that lists only the keys whose public halves are given (IdentitiesOnly). */
class RestrictedAgent extends OpenSSHAgent {
  constructor(socket: string, private readonly allowed: ReadonlySet<string>) {
    super(socket);
  }

  override getIdentities(cb: IdentityCallback<ParsedKey>): void {
    super.getIdentities((err, keys) => cb(err, keys?.filter((k) => 'getPublicSSH' in k && this.allowed.has(k.getPublicSSH().toString('base64')))));
  }
}

export interface AuthPlan {
  readonly handler: AuthHandlerMiddleware;
  readonly attempt: AuthAttempt;
}

export interface AuthOptions {
  readonly keyRing: KeyRing;
  /** The agent socket; default from the environment's SSH_AUTH_SOCK. */
  readonly agentSocket?: string;
  /** Pauses the handshake deadline while a person is being asked. */
  readonly pause: (during: Promise<unknown>) => void;
}

export function authPlan(endpoint: SshEndpoint, options: AuthOptions): AuthPlan {
  const offered: string[] = [];
  const skipped: string[] = [];
  const files = endpoint.identityFiles.filter((f) => fs.existsSync(f));
  const socket = endpoint.identityAgent === 'none' ? undefined : endpoint.identityAgent ?? options.agentSocket;
  const steps: Array<() => Promise<AnyAuthMethod | undefined>> = [];

  if (socket !== undefined && socket !== '') {
    steps.push(async () => {
      const agent = endpoint.identitiesOnly ? new RestrictedAgent(socket, new Set(files.map(publicHalf).filter((k): k is string => k !== undefined))) : new OpenSSHAgent(socket);
      offered.push(`the keys in ssh-agent (${socket})`);
      return { type: 'agent', username: endpoint.user, agent };
    });
  }
  for (const file of files) {
    steps.push(async () => {
      const key = await options.keyRing.load(file, options.pause);
      if (typeof key === 'string') {
        skipped.push(key);
        return undefined;
      }
      offered.push(file);
      return { type: 'publickey', username: endpoint.user, key };
    });
  }
  const missing = endpoint.identityFiles.filter((f) => !files.includes(f));
  if (missing.length > 0 && endpoint.identityFiles.length <= 1) skipped.push(`${missing.join(', ')} (no such file)`);

  const handler: AuthHandlerMiddleware = (_left, _partial, next) => {
    const advance = async (): Promise<void> => {
      for (let step = steps.shift(); step; step = steps.shift()) {
        const method = await step();
        if (method) return next(method);
      }
      next(false as unknown as AnyAuthMethod);
    };
    void advance();
  };
  return { handler, attempt: { offered, skipped } };
}

/** The base64 public key of an identity file: from `<file>.pub`, else from the file when it is not encrypted. */
function publicHalf(file: string): string | undefined {
  try {
    const pub = fs.readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/)[1];
    if (pub) return pub;
  } catch {
    // No .pub beside it: read the private key instead.
  }
  try {
    const parsed = utils.parseKey(fs.readFileSync(file));
    return parsed instanceof Error ? undefined : parsed.getPublicSSH().toString('base64');
  } catch {
    return undefined;
  }
}
