import { warning, type Diagnostic } from '../diagnostic';
import type { Rule } from './rule';

/** Matches an ssh_config Host pattern (`*`, `?`, and `!` negation are handled by the caller). */
export function hostPatternMatches(pattern: string, host: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(host);
}

/** A name resolvable as written: an IP address, a dotted host name, or localhost. */
export function looksResolvable(host: string): boolean {
  return /^(localhost|\d{1,3}(\.\d{1,3}){3}|\[?[0-9a-f:]+\]?|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/i.test(host);
}

/** unknown-host: only when the host gave us ~/.ssh/config's Host entries to check against. */
export const unknownHost: Rule = ({ study, env }) => {
  const known = env.sshHosts;
  if (!known) return [];
  const out: Diagnostic[] = [];
  const hosts = [...study.hosts.map((h) => ({ alias: h.alias, span: h.span }))];
  for (const h of hosts) {
    const positive = known.filter((p) => !p.startsWith('!'));
    if (positive.some((p) => hostPatternMatches(p, h.alias)) || looksResolvable(h.alias)) continue;
    const aliases = positive.filter((p) => !/[*?]/.test(p));
    out.push(warning('unknown-host', h.span, `'${h.alias}' is not a Host in ~/.ssh/config and not a host name; add it to ~/.ssh/config or write its full name.${aliases.length ? ` Known: ${aliases.slice(0, 8).join(', ')}.` : ''}`));
  }
  return out;
};
