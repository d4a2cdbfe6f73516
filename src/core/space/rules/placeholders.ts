import { scanTemplate } from '../command';
import { error, warning, type Diagnostic } from '../diagnostic';
import { BUILTIN_PLACEHOLDERS } from '../keys';
import { nearest } from '../suggest';
import { commandPlaceholders, commandSource } from './command-source';
import type { Rule } from './rule';
import { spaceNames } from './space-names';

/** undefined-placeholder, and stray braces that would reach the shell as written. */
export const placeholders: Rule = (ctx) => {
  const { study, doc } = ctx;
  const out: Diagnostic[] = [];
  if (!study.command) return out;
  const known = [...spaceNames(doc), ...Object.keys(BUILTIN_PLACEHOLDERS)];
  for (const p of commandPlaceholders(ctx)) {
    if (p.name === 'config' && !study.baseConfig) {
      out.push(error('undefined-placeholder', p.span, '{config} is the per-trial copy of base_config, but the study has no `base_config`; add one or remove {config}.'));
      continue;
    }
    if (known.includes(p.name)) continue;
    const guess = nearest(p.name, known);
    out.push(error('undefined-placeholder', p.span,
      `{${p.name}} is neither a parameter nor a built-in (${Object.keys(BUILTIN_PLACEHOLDERS).join(', ')}).${guess ? ` Did you mean {${guess}}?` : ` Add '${p.name}' to space, or write {{${p.name}}} for literal braces.`}`,
      guess ? [{ title: `Replace with {${guess}}`, edits: [{ span: p.span, newText: `{${guess}}` }], preferred: true }] : undefined));
  }
  // Folding and quoting change whitespace and escapes, never braces: the n-th lone brace of
  // the value is the n-th of the source, so each can be pointed at where it is written.
  const strays = scanTemplate(study.command.text).strays;
  const body = commandSource(ctx);
  const written = body ? scanTemplate(body.text).strays : [];
  if (body && written.length === strays.length) {
    for (const s of written) {
      const at = body.start + s.offset;
      out.push(warning('stray-brace', { start: at, end: at + 1 }, `A lone '${s.brace}' in the command: write '${s.brace}${s.brace}' for a literal brace, or {name} for a placeholder.`));
    }
  } else if (strays.length > 0) {
    out.push(warning('stray-brace', study.command.span, `The command has ${strays.length} lone brace(s): write '{{' or '}}' for literal braces, or {name} for a placeholder.`));
  }
  return out;
};
