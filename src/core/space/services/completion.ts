/** Completions at a cursor: keys, enum values, distributions, placeholders, host aliases, parameter names. */
import { nodeAt } from '../ast';
import type { Span } from '../diagnostic';
import type { StudyEnvironment } from '../environment';
import { BUILTIN_METRICS, BUILTIN_PLACEHOLDERS, DISTRIBUTIONS, PARAMETER_KEYS, specAt, type KeySpec } from '../keys';
import type { Study } from '../model';
import { keyName, pairsOf, type ParsedFile } from '../parse';
import { contextAt, type CursorContext } from './context';
import { describeParameter } from './describe';
import { lineShape } from './lines';

export type CompletionKind = 'key' | 'value' | 'distribution' | 'modifier' | 'parameter' | 'placeholder' | 'host' | 'metric';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** What the typed word is matched against, when not the label. */
  readonly filterText?: string;
  /** Text to insert; a snippet (`${1:x}`) when `snippet` is true. */
  readonly insertText: string;
  readonly snippet: boolean;
  /** The text the completion replaces. */
  readonly span: Span;
}

const isDistribution = (k: string): boolean => (DISTRIBUTIONS as readonly string[]).includes(k);

export function completeAt(file: ParsedFile, offset: number, env: StudyEnvironment, study: Study | undefined): CompletionItem[] {
  const ctx = contextAt(file, offset);
  if (ctx.command) return ctx.command.placeholder ? placeholderItems(file, ctx, study) : [];
  switch (ctx.slot) {
    case 'comment':
      return [];
    case 'key':
      // Renaming an existing key: replace the name only, keep its colon and value.
      return /^\s*:/.test(file.text.slice(ctx.word.end)) ? keyItems(ctx).map((i) => ({ ...i, insertText: i.label, snippet: false })) : keyItems(ctx);
    case 'value':
      return valueItems(file, ctx, env, study);
    case 'item':
      return itemItems(ctx, env);
  }
}

function keyItems(ctx: CursorContext): CompletionItem[] {
  const present = new Set(ctx.siblings);
  if (ctx.path.length === 2 && ctx.path[0] === 'space') {
    const distribution = ctx.siblings.find(isDistribution);
    return Object.entries(PARAMETER_KEYS)
      .filter(([k]) => !present.has(k) && !(distribution !== undefined && isDistribution(k)) && fitsDistribution(k, distribution))
      .map(([k, spec]) => ({
        label: k,
        kind: isDistribution(k) ? 'distribution' : 'modifier',
        detail: isDistribution(k) ? 'distribution' : 'modifier',
        documentation: spec.doc,
        insertText: keyInsert(k, spec, ctx.flow),
        snippet: true,
        span: ctx.word,
      }));
  }
  if (ctx.path.length === 1 && ctx.path[0] === 'objectives') {
    return Object.entries(BUILTIN_METRICS).filter(([k]) => !present.has(k)).map(([k, doc]) => ({
      label: k, kind: 'metric', detail: 'measured by Rung', documentation: doc,
      insertText: ctx.flow ? `${k}: {mode: min}` : `${k}: {mode: \${1|min,max|}}`, snippet: !ctx.flow, span: ctx.word,
    }));
  }
  const spec = specAt(ctx.path);
  return Object.entries(spec?.keys ?? {}).filter(([k]) => !present.has(k)).map(([k, child]) => ({
    label: k, kind: 'key', detail: child.kinds.join(' | '), documentation: child.doc,
    insertText: keyInsert(k, child, ctx.flow), snippet: true, span: ctx.word,
  }));
}

/** Modifiers the rules would reject next to the distribution already chosen are not offered. */
function fitsDistribution(key: string, distribution: string | undefined): boolean {
  if (distribution === 'choice' || distribution === 'ordinal') return key !== 'step' && key !== 'log';
  if (distribution === 'loguniform') return key !== 'log';
  return true;
}

/** `key: ` plus a placeholder for its value, in the style of the surrounding mapping. */
export function keyInsert(key: string, spec: KeySpec, flow: boolean): string {
  if (spec.snippet) return `${key}: ${spec.snippet}`;
  const kind = spec.kinds[0];
  if (kind === 'map') return flow ? `${key}: {$1}` : `${key}:\n  $1`;
  if (kind === 'list') return flow ? `${key}: [$1]` : `${key}:\n  - $1`;
  if (spec.values) return `${key}: \${1|${spec.values.join(',')}|}`;
  if (kind === 'boolean') return `${key}: \${1|true,false|}`;
  if (kind === 'string' && key === 'when') return `${key}: "$1"`;
  return `${key}: $1`;
}

function valueItems(file: ParsedFile, ctx: CursorContext, env: StudyEnvironment, study: Study | undefined): CompletionItem[] {
  const key = ctx.key;
  if (key === undefined) return [];
  if (ctx.path.length === 1 && ctx.path[0] === 'space' && !ctx.inString) {
    return DISTRIBUTIONS.map((d) => ({
      label: `{${d}: ...}`, filterText: d, kind: 'distribution', detail: 'distribution', documentation: PARAMETER_KEYS[d]?.doc ?? '',
      insertText: `{${d}: ${PARAMETER_KEYS[d]?.snippet ?? '[$1]'}}`, snippet: true, span: ctx.word,
    }));
  }
  if (key === 'when' && ctx.path.length === 2 && ctx.path[0] === 'space') {
    const self = ctx.path[1];
    return parameterNames(file).filter((n) => n !== self).map((n) => parameterItem(n, study, ctx.word, n));
  }
  if (key === 'host' && ctx.path.length === 2 && ctx.path[0] === 'hosts') return hostItems(env, ctx.word);
  const spec = specAt([...ctx.path, key]);
  if (!spec) return [];
  if (spec.values) {
    return spec.values.map((v) => ({ label: v, kind: 'value', detail: `${key} value`, documentation: spec.doc, insertText: v, snippet: false, span: ctx.word }));
  }
  if (spec.kinds.includes('boolean')) {
    return ['true', 'false'].map((v) => ({ label: v, kind: 'value', insertText: v, snippet: false, span: ctx.word }));
  }
  return [];
}

function itemItems(ctx: CursorContext, env: StudyEnvironment): CompletionItem[] {
  if (ctx.key === undefined) return [];
  if (ctx.key === 'hosts' && ctx.path.length === 0) return hostItems(env, ctx.word);
  const items = specAt([...ctx.path, ctx.key])?.items;
  if (!items?.keys || ctx.flow) return [];
  return Object.entries(items.keys).map(([k, child]) => ({
    label: k, kind: 'key', detail: child.kinds.join(' | '), documentation: child.doc,
    insertText: keyInsert(k, child, false), snippet: true, span: ctx.word,
  }));
}

/** Aliases from ~/.ssh/config; wildcard and negated patterns name no single host. */
function hostItems(env: StudyEnvironment, span: Span): CompletionItem[] {
  const aliases = [...new Set((env.sshHosts ?? []).filter((h) => !/[*?!]/.test(h)))];
  return aliases.map((h) => ({ label: h, kind: 'host', detail: 'Host in ~/.ssh/config', insertText: h, snippet: false, span }));
}

function placeholderItems(file: ParsedFile, ctx: CursorContext, study: Study | undefined): CompletionItem[] {
  const closed = file.text[ctx.word.end] === '}';
  const span = ctx.word;
  const close = closed ? '' : '}';
  const params = parameterNames(file).map((n) => parameterItem(n, study, span, n + close));
  const builtins = Object.entries(BUILTIN_PLACEHOLDERS).map(([n, doc]): CompletionItem => ({
    label: n, kind: 'placeholder', detail: 'built-in placeholder', documentation: doc, insertText: n + close, snippet: false, span,
  }));
  return [...params, ...builtins];
}

function parameterItem(name: string, study: Study | undefined, span: Span, insertText: string): CompletionItem {
  const p = study?.parameters.find((q) => q.name === name);
  return { label: name, kind: 'parameter', detail: p ? describeParameter(p) : 'parameter', insertText, snippet: false, span };
}

/**
 * Parameter names: the keys of `space` from the AST, and, for text that does
 * not parse yet, the keys indented one level under a top-level `space:` line.
 */
export function parameterNames(file: ParsedFile): string[] {
  const names = new Set(pairsOf(nodeAt(file.doc, ['space'])).map(keyName).filter((k): k is string => k !== undefined));
  let inSpace = false;
  let column = -1;
  for (let n = 0; n < file.lines.lineCount; n++) {
    const shape = lineShape(file.lines.lineText(n));
    if (shape.blank) continue;
    if (shape.indent === 0) { inSpace = shape.key === 'space'; column = -1; continue; }
    if (!inSpace || shape.dashes.length > 0) continue;
    if (column < 0) column = shape.indent;
    if (shape.indent === column && shape.key !== undefined) names.add(shape.key);
  }
  return [...names];
}
