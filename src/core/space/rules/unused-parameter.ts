import { warning, type Diagnostic } from '../diagnostic';
import { commandAppendOffset, commandPlaceholders } from './command-source';
import type { Rule } from './rule';

/**
 * A searched parameter the trial never sees wastes the search. With
 * base_config every parameter is written into the trial's config, so all count as used.
 */
export const unusedParameter: Rule = (ctx) => {
  const { study } = ctx;
  if (!study.command || study.baseConfig || study.table) return [];
  const used = new Set(commandPlaceholders(ctx).map((p) => p.name));
  const at = commandAppendOffset(ctx);
  const out: Diagnostic[] = [];
  for (const p of study.parameters) {
    if (p.distribution.kind === 'constant' || used.has(p.name)) continue;
    const flag = `--${p.name.replace(/[._]/g, '-')}`;
    out.push(warning('unused-parameter', p.nameSpan, `'${p.name}' is searched but the command never uses it; add ${flag} {${p.name}} to the command (or a base_config).`,
      at !== undefined ? [{ title: `Add ${flag} {${p.name}} to the command`, edits: [{ span: { start: at, end: at }, newText: ` ${flag} {${p.name}}` }], preferred: true }] : undefined));
  }
  return out;
};
