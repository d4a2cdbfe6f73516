/**
 * An SSH host as a HostShell. Commands run without a pty, so a process a
 * trial starts detached outlives the connection; they run under /bin/sh
 * whatever the user's login shell is. Channels are limited below sshd's
 * MaxSessions; file transfers share one SFTP session per connection, opened
 * again after a reconnect.
 */
import type { ClientChannel, SFTPWrapper } from 'ssh2';
import { shellQuote } from '../../core/space/shell';
import type { ExecOptions, ExecResult, HostShell, ShellStream } from '../shell/host-shell';
import { ChannelLimiter } from './channel-limiter';
import type { SshConnection } from './connection';
import { SshError, where } from './errors';
import { readFrom, writeAtomically } from './sftp-files';

export interface SshShellOptions {
  /** Command channels open at once; sshd allows 10 sessions per connection and SFTP takes one. Default 8. */
  readonly maxChannels?: number;
}

/** Tries of a refused channel open, 10 ms apart and doubling (about 5 s in all). */
const OPEN_RETRIES = 9;

/** How each channel's command ended, recorded from the moment the channel opens. */
const exitOf = new WeakMap<ClientChannel, { code: number | null; signal?: string }>();

/** ssh2 reports 'KILL'; Node (and LocalShell) say 'SIGKILL'. */
function signalName(signal: string | undefined): string | undefined {
  if (!signal) return undefined;
  return signal.startsWith('SIG') ? signal : `SIG${signal}`;
}

export class SshShell implements HostShell {
  readonly label: string;
  private readonly limiter: ChannelLimiter;
  private sftpSession: { generation: number; sftp: Promise<SFTPWrapper> } | undefined;

  constructor(private readonly connection: SshConnection, options: SshShellOptions = {}) {
    this.label = connection.endpoint.alias;
    this.limiter = new ChannelLimiter(options.maxChannels ?? 8);
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const timed = options.timeoutMs !== undefined;
    // sshd starts each command in a process group of its own; with a time limit the
    // command first prints that group's id, so a timeout can end the whole group. The id is
    // read from /proc with a builtin where there is one: starting `ps` doubles a command's cost.
    const line = timed ? `{ read -r _ _ _ _ g _ < /proc/$$/stat && echo "$g"; } 2>/dev/null || ps -o pgid= -p $$; exec /bin/sh -c ${shellQuote(command)}` : command;
    let group: string | undefined;
    const release = await this.limiter.acquire();
    try {
      const channel = await this.open(`/bin/sh -c ${shellQuote(line)}`);
      return await new Promise<ExecResult>((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        const timer = timed ? setTimeout(() => {
          group = /^\s*(\d+)\s*\n/.exec(stdout)?.[1];
          channel.close();
          reject(new SshError('timeout', `${this.label}: \`${command}\` did not finish within ${options.timeoutMs} ms`));
        }, options.timeoutMs) : undefined;
        channel.setEncoding('utf8');
        channel.stderr.setEncoding('utf8');
        channel.on('data', (s: string) => (stdout += s));
        channel.stderr.on('data', (s: string) => (stderr += s));
        channel.on('close', () => {
          if (timer) clearTimeout(timer);
          const exit = exitOf.get(channel);
          if (exit) resolve({ ...exit, stdout: timed ? stdout.slice(stdout.indexOf('\n') + 1) : stdout, stderr });
          else reject(new SshError('lost', `${where(this.connection.endpoint)}: the connection was lost while \`${command}\` ran; it may or may not have finished.`));
        });
        channel.end(options.stdin ?? '');
      });
    } finally {
      release();
      if (group !== undefined) await this.exec(`kill -9 -${group} 2>/dev/null`).catch(() => undefined);
    }
  }

  stream(command: string, onStdout: (text: string) => void): ShellStream {
    let channel: ClientChannel | undefined;
    let closed = false;
    const ended = (async (): Promise<ExecResult> => {
      const release = await this.limiter.acquire();
      try {
        if (closed) return { code: null, stdout: '', stderr: 'closed before it started' };
        channel = await this.open(`/bin/sh -c ${shellQuote(`exec ${command}`)}`);
        if (closed) this.stop(channel);
        return await new Promise<ExecResult>((resolve) => {
          const ch = channel as ClientChannel;
          let stderr = '';
          ch.setEncoding('utf8');
          ch.stderr.setEncoding('utf8');
          ch.on('data', onStdout);
          ch.stderr.on('data', (s: string) => (stderr = (stderr + s).slice(-4096)));
          ch.on('close', () => resolve({ ...(exitOf.get(ch) ?? { code: null }), stdout: '', stderr }));
          ch.end();
        });
      } catch (e) {
        return { code: null, stdout: '', stderr: (e as Error).message };
      } finally {
        release();
      }
    })();
    return {
      ended,
      close: () => {
        closed = true;
        if (channel) this.stop(channel);
      },
    };
  }

  async writeFile(file: string, data: string | Uint8Array, mode?: number): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      await writeAtomically(await this.sftp(), file, bytes, mode);
    } catch (e) {
      throw this.fileError('write', file, e);
    }
  }

  async readFile(file: string, offset = 0, maxBytes?: number): Promise<Uint8Array | undefined> {
    try {
      return await readFrom(await this.sftp(), file, offset, maxBytes);
    } catch (e) {
      throw this.fileError('read', file, e);
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  private fileError(verb: string, file: string, e: unknown): Error {
    if (e instanceof SshError) return e;
    return new SshError('other', `${this.label}: cannot ${verb} ${file}: ${(e as Error).message}`);
  }

  /** Ends a long-lived command: TERM first (sshd passes it on), then the channel. */
  private stop(channel: ClientChannel): void {
    channel.signal('TERM');
    channel.close();
  }

  /**
   * Opens a command channel. sshd frees a finished session's slot a moment
   * after it reports the channel closed, so a refusal right at the limit is
   * tried again after a short pause before it counts as an error.
   */
  private async open(command: string): Promise<ClientChannel> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.connection.client();
      try {
        return await new Promise<ClientChannel>((resolve, reject) => {
          client.exec(command, (err, channel) => {
            if (err) return reject(err);
            // A quick command's exit status can arrive in the same read as the open
            // confirmation, before any later listener exists: record it now.
            channel.on('exit', (code: number | null, signal?: string) => {
              const name = signalName(signal);
              exitOf.set(channel, { code: typeof code === 'number' ? code : null, ...(name ? { signal: name } : {}) });
            });
            resolve(channel);
          });
        });
      } catch (e) {
        const refused = /channel open failure/i.test((e as Error).message);
        if (!refused || attempt >= OPEN_RETRIES) {
          throw new SshError('lost', `${where(this.connection.endpoint)}: could not open a channel for a command: ${(e as Error).message}${refused ? '; the host allows fewer sessions per connection (MaxSessions) than Rung uses, or other programs hold them' : ''}`);
        }
        await new Promise((r) => setTimeout(r, 10 * 2 ** attempt));
      }
    }
  }

  /** The connection's SFTP session, opened once per login. */
  private async sftp(): Promise<SFTPWrapper> {
    const client = await this.connection.client();
    const generation = this.connection.generation;
    if (this.sftpSession?.generation !== generation) {
      const sftp = new Promise<SFTPWrapper>((resolve, reject) => {
        client.sftp((err, session) => {
          if (err) reject(new SshError('other', `${where(this.connection.endpoint)}: the SFTP subsystem is not available (${err.message}); enable 'Subsystem sftp' in the host's sshd_config.`));
          else resolve(session);
        });
      });
      this.sftpSession = { generation, sftp };
      // A failed or closed session is opened afresh next time.
      sftp.then((s) => s.on('close', () => {
        if (this.sftpSession?.sftp === sftp) this.sftpSession = undefined;
      }), () => {
        if (this.sftpSession?.sftp === sftp) this.sftpSession = undefined;
      });
    }
    return (this.sftpSession as { sftp: Promise<SFTPWrapper> }).sftp;
  }
}
