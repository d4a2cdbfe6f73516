import { warning, type Diagnostic } from '../diagnostic';
import { asString, nodeAt } from '../ast';
import { nodeSpan } from '../parse';
import { nearest } from '../suggest';
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
export const unknownHost: Rule = ({ study, env, doc }) => {
  const known = env.sshHosts;
  if (!known) return [];
  const out: Diagnostic[] = [];
  const hosts = [...study.hosts.map((h) => ({ alias: h.alias, span: h.span }))];
  // A cluster's login node is reached over SSH too, through the same ~/.ssh/config.
  for (const section of ['slurm', 'cluster']) {
    const login = nodeAt(doc, [section, 'login']);
    const loginAlias = asString(login);
    if (loginAlias !== undefined) hosts.push({ alias: loginAlias, span: nodeSpan(login) });
  }
  for (const h of hosts) {
    const positive = known.filter((p) => !p.startsWith('!'));
    if (positive.some((p) => hostPatternMatches(p, h.alias)) || looksResolvable(h.alias)) continue;
    const aliases = positive.filter((p) => !/[*?]/.test(p));
    const guess = nearest(h.alias, aliases);
    const hint = guess ? ` Did you mean '${guess}'?` : aliases.length ? ` Known: ${aliases.slice(0, 8).join(', ')}.` : '';
    out.push(warning('unknown-host', h.span, `'${h.alias}' is not a Host in ~/.ssh/config and not a host name; add it to ~/.ssh/config or write its full name.${hint}`,
      guess ? [{ title: `Replace with '${guess}'`, edits: [{ span: h.span, newText: guess }] }] : undefined));
  }
  return out;
};
