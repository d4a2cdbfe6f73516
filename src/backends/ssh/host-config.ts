/**
 * Where and as whom to connect for a study's host: its ~/.ssh/config entry
 * (read with `ssh-config`, the parser OpenSSH-minded tools share), overridden
 * by the study's `hosts:` entry, so `hosts: [gpu1]` works exactly as `ssh gpu1`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import SSHConfig from 'ssh-config';

/** The study's `hosts:` entry fields that change how to connect (HostSpec). */
export interface HostOverride {
  readonly user?: string;
  readonly port?: number;
  readonly identityFile?: string;
}

export interface SshEndpoint {
  /** The name the study (or a ProxyJump list) used. */
  readonly alias: string;
  readonly hostName: string;
  readonly port: number;
  readonly user: string;
  /** Absolute paths, in the order ssh tries them. */
  readonly identityFiles: readonly string[];
  /** IdentitiesOnly: offer only these files' keys, even when the agent holds others. */
  readonly identitiesOnly: boolean;
  /** IdentityAgent: a socket path, or 'none' to use no agent; undefined means SSH_AUTH_SOCK. */
  readonly identityAgent?: string;
  /** UserKnownHostsFile entries (absolute); the first one receives newly accepted keys. */
  readonly knownHostsFiles: readonly string[];
  /** StrictHostKeyChecking accept-new: an unknown host's key is accepted and written down. */
  readonly acceptNewHostKey: boolean;
  readonly connectTimeoutMs?: number;
  /** Hosts to pass through, outermost first (ProxyJump). */
  readonly jumps: readonly SshEndpoint[];
}

export interface ResolveOptions {
  /** The local user's home: ~ and relative Include paths resolve from it. */
  readonly home: string;
  /** Used when neither the config nor the override names a remote user (ssh does the same). */
  readonly localUser: string;
  /** The config file; default `<home>/.ssh/config` (a missing file is an empty config). */
  readonly configPath?: string;
}

export class SshConfigError extends Error {}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const MAX_JUMP_DEPTH = 8;
const MAX_INCLUDE_DEPTH = 16;

export function resolveHost(alias: string, override: HostOverride, options: ResolveOptions): SshEndpoint {
  const configPath = options.configPath ?? path.join(options.home, '.ssh', 'config');
  const config = SSHConfig.parse(loadConfigText(configPath, options.home, 0));
  return resolveIn(config, alias, override, options, 0, true);
}

function resolveIn(config: SSHConfig, alias: string, override: HostOverride, options: ResolveOptions, depth: number, followJumps: boolean): SshEndpoint {
  if (depth > MAX_JUMP_DEPTH) throw new SshConfigError(`ProxyJump for '${alias}' goes through more than ${MAX_JUMP_DEPTH} hosts; check the ProxyJump lines in ~/.ssh/config for a loop.`);
  // `Match exec` would run commands from the config while reading it; it is treated as not matching.
  const computeOptions = { ignoreCase: true, matchExec: false };
  // `Match user` compares with the login user, which itself may come from the config: find it first.
  const first = config.compute(alias, computeOptions);
  const loginUser = override.user ?? (typeof first['user'] === 'string' ? first['user'] : options.localUser);
  const found = config.compute({ Host: alias, User: loginUser }, computeOptions);
  const one = (key: string): string | undefined => {
    const v = found[key];
    return Array.isArray(v) ? v[0] : v;
  };
  const many = (key: string): string[] => {
    const v = found[key];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };

  const hostName = one('hostname') ?? alias;
  const user = loginUser;
  const port = override.port ?? portOf(one('port'), alias);
  const tokens = { h: hostName, p: String(port), r: user, u: options.localUser, d: options.home, n: alias };
  const expand = (p: string): string => expandPath(expandTokens(p, tokens), options.home);

  const configured = many('identityfile').filter((v) => v !== '' && v.toLowerCase() !== 'none');
  const identityFiles = override.identityFile !== undefined
    ? [expand(override.identityFile)]
    : configured.length > 0 ? configured.map(expand) : DEFAULT_KEYS.map((k) => path.join(options.home, '.ssh', k));
  const knownHosts = many('userknownhostsfile').flatMap((v) => v.split(/\s+/)).filter((v) => v !== '' && v.toLowerCase() !== 'none');
  const agent = one('identityagent');
  const timeout = one('connecttimeout');

  const jumpSpec = one('proxyjump');
  const jumps = followJumps && jumpSpec !== undefined && jumpSpec.toLowerCase() !== 'none'
    ? resolveJumps(config, jumpSpec, options, depth)
    : [];

  return {
    alias,
    hostName,
    port,
    user,
    identityFiles,
    identitiesOnly: (one('identitiesonly') ?? 'no').toLowerCase() === 'yes',
    ...(agent === undefined || agent === 'SSH_AUTH_SOCK' ? {} : { identityAgent: agent.toLowerCase() === 'none' ? 'none' : expand(agent) }),
    knownHostsFiles: knownHosts.length > 0 ? knownHosts.map(expand) : [path.join(options.home, '.ssh', 'known_hosts'), path.join(options.home, '.ssh', 'known_hosts2')],
    acceptNewHostKey: (one('stricthostkeychecking') ?? '').toLowerCase() === 'accept-new',
    ...(timeout !== undefined && /^\d+$/.test(timeout) ? { connectTimeoutMs: Number(timeout) * 1000 } : {}),
    jumps,
  };
}

/**
 * `ProxyJump a,b` reaches b through a, and a through whatever a's own entry
 * says, which is how OpenSSH expands `-J a,b` into nested `ssh -W` commands.
 */
function resolveJumps(config: SSHConfig, spec: string, options: ResolveOptions, depth: number): SshEndpoint[] {
  const chain: SshEndpoint[] = [];
  spec.split(',').map((s) => s.trim()).filter((s) => s !== '').forEach((hop, i) => {
    const { host, user, port } = parseJump(hop);
    const endpoint = resolveIn(config, host, { ...(user === undefined ? {} : { user }), ...(port === undefined ? {} : { port }) }, options, depth + 1, i === 0);
    chain.push(...endpoint.jumps, { ...endpoint, jumps: [] });
  });
  return chain;
}

/** `[user@]host[:port]`, also as `ssh://user@host:port` and with `[v6]:port`. */
export function parseJump(hop: string): { host: string; user?: string; port?: number } {
  const text = hop.replace(/^ssh:\/\//, '');
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : undefined;
  const rest = at >= 0 ? text.slice(at + 1) : text;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest);
  if (!m?.[1]) throw new SshConfigError(`ProxyJump entry '${hop}' is not [user@]host[:port]; fix it in ~/.ssh/config.`);
  return { host: m[1], ...(user ? { user } : {}), ...(m[2] ? { port: Number(m[2]) } : {}) };
}

function portOf(text: string | undefined, alias: string): number {
  if (text === undefined) return 22;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SshConfigError(`Port '${text}' for '${alias}' in ~/.ssh/config is not a port number (1-65535).`);
  return port;
}

function expandTokens(text: string, tokens: Record<string, string>): string {
  return text.replace(/%(.)/g, (whole, t: string) => (t === '%' ? '%' : tokens[t] ?? whole));
}

/** ~ and ~/... from the local home; relative key paths are taken from the home too, as ssh does. */
export function expandPath(p: string, home: string): string {
  const unquoted = p.replace(/^"(.*)"$/, '$1');
  if (unquoted === '~') return home;
  if (unquoted.startsWith('~/')) return path.join(home, unquoted.slice(2));
  return path.isAbsolute(unquoted) ? unquoted : path.join(home, unquoted);
}

/**
 * The config text with each `Include` replaced by the files it names
 * (relative paths from ~/.ssh, `*` and `?` globs in the last part), so Host
 * and Match blocks in included files take part in the lookup.
 */
function loadConfigText(file: string, home: string, depth: number): string {
  if (depth > MAX_INCLUDE_DEPTH) throw new SshConfigError(`~/.ssh/config Includes nest more than ${MAX_INCLUDE_DEPTH} deep at ${file}; check for a file that includes itself.`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new SshConfigError(`cannot read ssh config ${file}: ${(e as Error).message}`);
  }
  return text.split(/\r?\n/).map((line) => {
    const m = /^\s*include\s*[=\s]\s*(.+?)\s*$/i.exec(line);
    if (!m?.[1]) return line;
    return splitWords(m[1])
      .flatMap((p) => globFiles(expandIncludePath(p, home)))
      .map((f) => loadConfigText(f, home, depth + 1))
      .join('\n');
  }).join('\n');
}

function expandIncludePath(p: string, home: string): string {
  if (p === '~' || p.startsWith('~/')) return expandPath(p, home);
  return path.isAbsolute(p) ? p : path.join(home, '.ssh', p);
}

function splitWords(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

function globFiles(pattern: string): string[] {
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  if (!/[*?]/.test(base)) return fs.existsSync(pattern) ? [pattern] : [];
  const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => re.test(n)).sort().map((n) => path.join(dir, n));
}
