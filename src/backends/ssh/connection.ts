/**
 * The one SSH connection Rung keeps to a host. It logs in when first needed,
 * logs in again (with growing pauses) when the connection drops, and reports
 * the host as down after `maxFailures` failed attempts in a row, so the
 * scheduler can send pending work elsewhere while it keeps trying. A failure
 * no retry can fix (a refused key, a changed host key) marks it down at once
 * and stops trying until `retry()`.
 */
import type { Client } from 'ssh2';
import { login, type ConnectOptions, type SshLogin } from './connect';
import { SshError, translateSshError, where } from './errors';
import type { SshEndpoint } from './host-config';

export type HostState = 'idle' | 'connecting' | 'up' | 'reconnecting' | 'down' | 'closed';

export interface ConnectionOptions extends ConnectOptions {
  /** Failed attempts in a row before the host is reported down. Default 3. */
  readonly maxFailures?: number;
  /** The pause after the first failure, doubled after each next one up to backoffMaxMs. Default 500 ms. */
  readonly backoffMs?: number;
  readonly backoffMaxMs?: number;
}

export type StateListener = (state: HostState, error?: SshError) => void;

interface Waiter {
  resolve(client: Client): void;
  reject(error: Error): void;
}

export class SshConnection {
  private current: SshLogin | undefined;
  private running = false;
  private waiters: Waiter[] = [];
  private listeners = new Set<StateListener>();
  private wake: (() => void) | undefined;
  private stateNow: HostState = 'idle';
  private failuresInRow = 0;
  private logins = 0;
  private error: SshError | undefined;

  constructor(readonly endpoint: SshEndpoint, private readonly options: ConnectionOptions) {}

  get state(): HostState {
    return this.stateNow;
  }

  get lastError(): SshError | undefined {
    return this.error;
  }

  /** Successful logins so far: a change means a new connection (and new SFTP session) is in use. */
  get generation(): number {
    return this.logins;
  }

  onState(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The logged-in client; rejects at once while the host is down or after close(). */
  client(): Promise<Client> {
    if (this.stateNow === 'closed') return Promise.reject(new SshError('other', `${where(this.endpoint)}: the connection was closed.`));
    if (this.stateNow === 'up' && this.current) return Promise.resolve(this.current.client);
    if (this.stateNow === 'down') return Promise.reject(this.error ?? new SshError('other', `${where(this.endpoint)} is down.`));
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.start();
    });
  }

  /** Tries again after the host was marked down (after the user fixed a key or known_hosts). */
  retry(): void {
    if (this.stateNow === 'closed') return;
    this.failuresInRow = 0;
    if (this.stateNow === 'down') this.setState(this.logins === 0 ? 'connecting' : 'reconnecting');
    if (this.running) this.wake?.();
    else this.start();
  }

  async close(): Promise<void> {
    if (this.stateNow === 'closed') return;
    this.setState('closed');
    this.wake?.();
    const current = this.current;
    this.current = undefined;
    if (current) {
      const closed = new Promise<void>((resolve) => current.client.once('close', () => resolve()));
      current.close();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1000).unref())]);
    }
    this.settleWaiters(new SshError('other', `${where(this.endpoint)}: the connection was closed.`));
  }

  private start(): void {
    if (this.running || this.stateNow === 'closed') return;
    this.running = true;
    void this.run().finally(() => {
      this.running = false;
    });
  }

  private async run(): Promise<void> {
    while (!this.isClosed()) {
      if (this.stateNow !== 'down') this.setState(this.logins === 0 ? 'connecting' : 'reconnecting');
      let session: SshLogin;
      try {
        session = await login(this.endpoint, this.options);
      } catch (e) {
        if (this.isClosed()) return;
        const error = translateSshError(e, this.endpoint);
        this.error = error;
        this.failuresInRow++;
        if (error.permanent || this.failuresInRow >= (this.options.maxFailures ?? 3)) {
          this.setState('down', error);
          this.settleWaiters(error);
          if (error.permanent) return;
        }
        await this.pause(this.backoff());
        continue;
      }
      if (this.isClosed()) {
        session.close();
        return;
      }
      const closed = new Promise<void>((resolve) => session.client.once('close', () => resolve()));
      // Why a working connection ended (a keepalive timeout, a reset) is kept for lastError.
      session.client.on('error', (e) => {
        this.error = translateSshError(e, this.endpoint);
      });
      this.current = session;
      this.failuresInRow = 0;
      this.logins++;
      this.error = undefined;
      this.setState('up');
      for (const w of this.waiters.splice(0)) w.resolve(session.client);
      await closed;
      this.current = undefined;
    }
  }

  /** A method, not a field read, because close() can change the state during any await. */
  private isClosed(): boolean {
    return this.stateNow === 'closed';
  }

  private backoff(): number {
    const first = this.options.backoffMs ?? 500;
    const ms = Math.min(this.options.backoffMaxMs ?? 30_000, first * 2 ** Math.max(0, this.failuresInRow - 1));
    // Spread out hosts that failed together so their retries do not all land on one instant.
    return ms * (0.8 + 0.4 * Math.random());
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private settleWaiters(error: Error): void {
    for (const w of this.waiters.splice(0)) w.reject(error);
  }

  private setState(state: HostState, error?: SshError): void {
    if (this.stateNow === state) return;
    this.stateNow = state;
    for (const listener of this.listeners) listener(state, error);
  }
}
