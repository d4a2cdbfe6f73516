/**
 * OpenSSH's known_hosts files, read and written the way ssh does: plain and
 * hashed (`|1|salt|hash`, HMAC-SHA1) host names, `[host]:port` for ports other
 * than 22, comma lists, `*`/`?` wildcards, `!` negation and the `@revoked`
 * marker. `@cert-authority` lines are skipped: ssh2 does not verify host
 * certificates, so such a host is checked against its plain key lines only.
 */
import { createHash, createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface KnownHostLine {
  readonly file: string;
  /** 1-based, as editors and `ssh-keygen -R` messages count. */
  readonly line: number;
  readonly marker?: 'revoked' | 'cert-authority';
  readonly hosts: string;
  readonly keyType: string;
  readonly key: string;
}

export type HostKeyVerdict =
  | { readonly kind: 'known'; readonly entry: KnownHostLine }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'changed'; readonly entry: KnownHostLine }
  | { readonly kind: 'revoked'; readonly entry: KnownHostLine };

/** The name a host is filed under: bare for port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string, file: string): KnownHostLine[] {
  const entries: KnownHostLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const words = raw.trim().split(/\s+/);
    if (words[0] === undefined || words[0] === '' || words[0].startsWith('#')) return;
    let marker: KnownHostLine['marker'];
    if (words[0].startsWith('@')) {
      const m = words.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return;
    }
    const [hosts, keyType, key] = words;
    if (hosts === undefined || keyType === undefined || key === undefined) return;
    entries.push({ file, line: i + 1, ...(marker ? { marker } : {}), hosts, keyType, key });
  });
  return entries;
}

/** Every known_hosts file that exists, in order; a missing file is simply empty. */
export function readKnownHosts(files: readonly string[]): KnownHostLine[] {
  return files.flatMap((file) => {
    try {
      return parseKnownHosts(fs.readFileSync(file, 'utf8'), file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  });
}

export function hostMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (salt === undefined || hash === undefined) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (wildcard(negated ? pattern.slice(1) : pattern).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * What known_hosts says about `key` for `name`. A line for the host with a
 * different key of the same type means the key changed; a host known only by
 * keys of other types is treated as changed too (the connection prefers known
 * types, so the server no longer offering them is just as suspicious).
 */
export function judgeHostKey(entries: readonly KnownHostLine[], name: string, keyType: string, key: Buffer): HostKeyVerdict {
  const encoded = key.toString('base64');
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && hostMatches(e.hosts, name));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key === encoded);
  if (revoked) return { kind: 'revoked', entry: revoked };
  const same = forHost.find((e) => e.marker === undefined && e.key === encoded);
  if (same) return { kind: 'known', entry: same };
  const other = forHost.find((e) => e.marker === undefined && e.keyType === keyType) ?? forHost.find((e) => e.marker === undefined);
  return other ? { kind: 'changed', entry: other } : { kind: 'unknown' };
}

/** The key types known_hosts holds for a host, so the handshake can ask for those first, as ssh does. */
export function knownKeyTypes(entries: readonly KnownHostLine[], name: string): string[] {
  return [...new Set(entries.filter((e) => e.marker === undefined && hostMatches(e.hosts, name)).map((e) => e.keyType))];
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -l` and ssh's prompts print it. */
export function fingerprintSha256(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString('latin1');
}

/** Adds a host's key to a known_hosts file (creating it and its folder as ssh would). */
export function appendKnownHost(file: string, name: string, keyType: string, key: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (text !== '' && !text.endsWith('\n')) prefix = '\n';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.appendFileSync(file, `${prefix}${name} ${keyType} ${key.toString('base64')}\n`, { mode: 0o600 });
}
