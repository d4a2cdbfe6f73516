/**
 * A run's SSH hosts: one connection (and one shell) per `hosts:` entry, all
 * sharing the decrypted keys and the way to ask the person at the keyboard.
 */
import * as os from 'node:os';
import { KeyRing } from './auth';
import { SshConnection, type ConnectionOptions, type HostState } from './connection';
import type { SshError } from './errors';
import { resolveHost, type HostOverride, type ResolveOptions } from './host-config';
import type { Prompter } from './prompter';
import { SshShell, type SshShellOptions } from './ssh-shell';

/** A study `hosts:` entry as far as connecting goes (HostSpec fits). */
export interface HostEntry extends HostOverride {
  readonly alias: string;
}

export interface SshHostsOptions extends Omit<ConnectionOptions, 'keyRing'>, SshShellOptions {
  readonly prompter?: Prompter;
  /** Where ~/.ssh/config lives and whose defaults apply; default: this user's. */
  readonly resolve?: ResolveOptions;
  readonly onState?: (alias: string, state: HostState, error?: SshError) => void;
}

export function defaultResolveOptions(): ResolveOptions {
  return { home: os.homedir(), localUser: os.userInfo().username };
}

export class SshHosts {
  private readonly shells = new Map<string, SshShell>();
  private readonly connections = new Map<string, SshConnection>();
  private readonly keyRing: KeyRing;

  constructor(private readonly options: SshHostsOptions = {}) {
    this.keyRing = new KeyRing(options.prompter);
  }

  /** The host's connection; resolving ~/.ssh/config may throw an SshConfigError that says what to fix. */
  connection(host: HostEntry): SshConnection {
    let connection = this.connections.get(host.alias);
    if (!connection) {
      const endpoint = resolveHost(host.alias, host, this.options.resolve ?? defaultResolveOptions());
      const agentSocket = this.options.agentSocket ?? process.env['SSH_AUTH_SOCK'];
      connection = new SshConnection(endpoint, { ...this.options, keyRing: this.keyRing, ...(agentSocket === undefined ? {} : { agentSocket }) });
      const onState = this.options.onState;
      if (onState) connection.onState((state, error) => onState(host.alias, state, error));
      this.connections.set(host.alias, connection);
    }
    return connection;
  }

  shell(host: HostEntry): SshShell {
    let shell = this.shells.get(host.alias);
    if (!shell) {
      shell = new SshShell(this.connection(host), this.options);
      this.shells.set(host.alias, shell);
    }
    return shell;
  }

  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.close()));
    this.connections.clear();
    this.shells.clear();
  }
}
