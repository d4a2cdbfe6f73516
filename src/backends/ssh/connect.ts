/**
 * One SSH login to an endpoint, through its ProxyJump hosts: a TCP connection
 * to the first host, then each next host reached through a forwarded channel
 * of the one before, each with its own host key check and keys. The time
 * limits pause while a person is asked for a passphrase or a fingerprint.
 */
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { Client } from 'ssh2';
import { authPlan, type KeyRing } from './auth';
import { SshError, translateSshError, where } from './errors';
import type { SshEndpoint } from './host-config';
import { HostKeyCheck, type HostKeyPolicy } from './host-key-check';

export interface ConnectOptions extends HostKeyPolicy {
  readonly keyRing: KeyRing;
  /** Default: the environment's SSH_AUTH_SOCK. */
  readonly agentSocket?: string;
  /** TCP connect limit; the endpoint's ConnectTimeout wins. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Key exchange plus login limit, not counting time spent asking a person. Default 20 s. */
  readonly handshakeTimeoutMs?: number;
  /** Default 5 s; a server silent for keepaliveCountMax intervals is dropped. */
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
}

/** A logged-in client and the jump clients under it (closed with it). */
export interface SshLogin {
  readonly client: Client;
  close(): void;
}

export async function login(endpoint: SshEndpoint, options: ConnectOptions): Promise<SshLogin> {
  const hops = [...endpoint.jumps, endpoint];
  const clients: Client[] = [];
  const closeAll = (): void => {
    for (const c of [...clients].reverse()) c.end();
  };
  try {
    for (const [i, hop] of hops.entries()) {
      const previous = clients[i - 1];
      const transport = previous ? await forward(previous, hop, hops[i - 1] as SshEndpoint) : await tcpConnect(hop, options);
      clients.push(await handshake(hop, transport, options));
    }
  } catch (e) {
    closeAll();
    throw e;
  }
  const client = clients[clients.length - 1] as Client;
  // A jump host going away takes the target with it; the target going away needs no jump hosts.
  client.on('close', closeAll);
  return { client, close: closeAll };
}

function tcpConnect(endpoint: SshEndpoint, options: ConnectOptions): Promise<Duplex> {
  const limit = endpoint.connectTimeoutMs ?? options.connectTimeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: endpoint.hostName, port: endpoint.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SshError('timeout', `${where(endpoint)} did not accept a connection within ${limit} ms: the host may be down, or a firewall drops the packets. Check HostName and Port, then retry.`));
    }, limit);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(translateSshError(e, endpoint));
    });
  });
}

function forward(via: Client, to: SshEndpoint, jump: SshEndpoint): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, to.hostName, to.port, (err, channel) => {
      if (err) reject(new SshError('unreachable', `${where(to)} cannot be reached through the jump host ${where(jump)}: ${err.message}. Check that the jump host can reach it and allows TCP forwarding.`));
      else resolve(channel);
    });
  });
}

function handshake(endpoint: SshEndpoint, sock: Duplex, options: ConnectOptions): Promise<Client> {
  const limit = options.handshakeTimeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const client = new Client();
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      deadline.stop();
      client.end();
      sock.destroy();
      reject(check.refusal ?? translateSshError(e, endpoint, plan.attempt));
    };
    const deadline = new PausableDeadline(limit, () => fail(new SshError('timeout', `${where(endpoint)} did not complete the SSH handshake and login within ${limit} ms; the server may be overloaded, or not an SSH server.`)));
    const check = new HostKeyCheck(endpoint, options, (p) => deadline.pauseDuring(p));
    const plan = authPlan(endpoint, { keyRing: options.keyRing, ...(options.agentSocket !== undefined ? { agentSocket: options.agentSocket } : {}), pause: (p) => deadline.pauseDuring(p) });
    // ssh2 may emit 'error' more than once: keep listening.
    client.on('error', fail);
    client.on('close', () => fail(new SshError('lost', `${where(endpoint)} closed the connection during login.`)));
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      deadline.stop();
      client.removeListener('error', fail);
      // Later errors surface as a closed connection; an unhandled 'error' would crash the process.
      client.on('error', () => undefined);
      resolve(client);
    });
    client.connect({
      sock,
      username: endpoint.user,
      hostVerifier: check.verifier,
      algorithms: { serverHostKey: check.algorithms() as never },
      authHandler: plan.handler,
      readyTimeout: 0,
      keepaliveInterval: options.keepaliveIntervalMs ?? 5000,
      keepaliveCountMax: options.keepaliveCountMax ?? 3,
    });
  });
}

/** A time limit that stops counting while a person is asked something. */
class PausableDeadline {
  private timer: NodeJS.Timeout | undefined;
  private paused = 0;
  private stopped = false;

  constructor(private readonly ms: number, private readonly onExpire: () => void) {
    this.start();
  }

  pauseDuring(during: Promise<unknown>): void {
    this.paused++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const resume = (): void => {
      this.paused--;
      if (this.paused === 0) this.start();
    };
    during.then(resume, resume);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private start(): void {
    if (!this.stopped) this.timer = setTimeout(this.onExpire, this.ms);
  }
}
