/** Hovers: what a key means, a parameter's distribution in words, the rung plan, placeholders and built-in metrics. */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { scanTemplate } from '../command';
import type { Span } from '../diagnostic';
import { BUILTIN_METRICS, BUILTIN_PLACEHOLDERS, DISTRIBUTION_DOCS, specAt } from '../keys';
import type { Study } from '../model';
import { keyName, nodeSpan, pairsOf, type ParsedFile } from '../parse';
import { contextAt } from './context';
import { describeDistribution, describeParameter, planMarkdown } from './describe';

export interface Hover {
  /** Markdown. */
  readonly markdown: string;
  readonly span: Span;
}

type Found = { kind: 'key'; path: string[]; key: string; span: Span } | { kind: 'value'; path: string[]; key: string; node: Node; span: Span };

export function hoverAt(file: ParsedFile, offset: number, study: Study | undefined): Hover | undefined {
  const found = findInTree(file, offset) ?? findByText(file, offset);
  if (!found) return undefined;
  if (found.kind === 'key') {
    const markdown = keyHover(found.path, found.key, study);
    return markdown ? { markdown, span: found.span } : undefined;
  }
  return valueHover(file, found, offset, study);
}

/** The key or scalar value under the cursor, from the YAML tree. */
function findInTree(file: ParsedFile, offset: number): Found | undefined {
  const inside = (s: Span): boolean => offset >= s.start && offset <= s.end && s.end > s.start;
  const visit = (node: unknown, path: string[]): Found | undefined => {
    if (isMap(node)) {
      for (const pair of pairsOf(node)) {
        const key = keyName(pair);
        if (key === undefined) continue;
        const keySpan = nodeSpan(pair.key as Node);
        if (inside(keySpan)) return { kind: 'key', path, key, span: keySpan };
        const value = pair.value as Node | null;
        if (isScalar(value) && inside(nodeSpan(value))) return { kind: 'value', path, key, node: value, span: nodeSpan(value) };
        if ((isMap(value) || isSeq(value)) && inside(nodeSpan(value))) return visit(value, [...path, key]);
      }
    } else if (isSeq(node)) {
      for (const [i, item] of node.items.entries()) {
        if ((isMap(item) || isSeq(item)) && inside(nodeSpan(item as Node))) return visit(item, [...path, String(i)]);
        if (isScalar(item) && inside(nodeSpan(item)) && path.length > 0) {
          return { kind: 'value', path: path.slice(0, -1), key: path[path.length - 1] as string, node: item, span: nodeSpan(item) };
        }
      }
    }
    return undefined;
  };
  return file.doc ? visit(file.doc.contents, []) : undefined;
}

/** For text YAML rejects: a `key:` under the cursor, placed by indentation. */
function findByText(file: ParsedFile, offset: number): Found | undefined {
  const ctx = contextAt(file, offset);
  const word = file.text.slice(ctx.word.start, ctx.word.end);
  if (ctx.slot !== 'key' || word === '' || file.text[ctx.word.end] !== ':') return undefined;
  return { kind: 'key', path: [...ctx.path], key: word, span: ctx.word };
}

export function keyHover(path: readonly string[], key: string, study: Study | undefined): string | undefined {
  if (path.length === 1 && path[0] === 'space') {
    const p = study?.parameters.find((q) => q.name === key);
    if (!p) return `**${key}**: a parameter of the search space.`;
    const doc = p.distribution.kind === 'constant' ? '' : `\n\n${DISTRIBUTION_DOCS[p.distribution.kind === 'uniform' && p.distribution.log ? 'loguniform' : p.distribution.kind]}`;
    return `\`${describeParameter(p)}\`${doc}`;
  }
  if (path.length === 1 && path[0] === 'objectives') {
    const o = study?.objectives.find((q) => q.name === key);
    const mode = o ? ` (${o.mode === 'max' ? 'maximise' : 'minimise'})` : '';
    const builtin = BUILTIN_METRICS[key];
    return builtin ? `**${key}**${mode}: built-in objective, measured by Rung, never reported by a trial. ${builtin}` : `**${key}**${mode}: an objective the trial reports (a \`rung: {...}\` line or \`pattern\`).`;
  }
  const spec = specAt([...path, key]);
  if (!spec) return undefined;
  const values = spec.values ? `\n\nValues: ${spec.values.map((v) => `\`${v}\``).join(' | ')}` : '';
  const text = `**${[...path, key].join('.')}**: ${spec.doc}${values}`;
  if ((path.length === 0 && key === 'scheduler') || path[0] === 'scheduler') {
    return study ? `${text}\n\n${planMarkdown(study.scheduler, study.budget.trials)}` : text;
  }
  return text;
}

function valueHover(file: ParsedFile, found: Extract<Found, { kind: 'value' }>, offset: number, study: Study | undefined): Hover | undefined {
  const { path, key, span } = found;
  if (path.length === 0 && key === 'command') return placeholderHover(file, span, offset, study);
  if (path.length === 2 && path[0] === 'space' && key === 'when') return parameterWordHover(file, offset, study);
  if (path.length === 1 && path[0] === 'space') {
    const p = study?.parameters.find((q) => q.name === key);
    return p ? { markdown: `\`${key}\`: ${describeDistribution(p.distribution)}`, span } : undefined;
  }
  const markdown = keyHover(path, key, study);
  return markdown ? { markdown, span } : undefined;
}

function placeholderHover(file: ParsedFile, span: Span, offset: number, study: Study | undefined): Hover | undefined {
  // `{name}` is written literally in every scalar style, so the source can be scanned directly.
  const source = file.text.slice(span.start, span.end);
  const hit = scanTemplate(source).placeholders.find((p) => offset >= span.start + p.start && offset < span.start + p.end);
  if (!hit) return undefined;
  const at = { start: span.start + hit.start, end: span.start + hit.end };
  const builtin = BUILTIN_PLACEHOLDERS[hit.name];
  if (builtin) return { markdown: `**{${hit.name}}** (built-in): ${builtin}`, span: at };
  const p = study?.parameters.find((q) => q.name === hit.name);
  return { markdown: p ? `**{${hit.name}}**: \`${describeParameter(p)}\`. Shell-quoted when substituted.` : `**{${hit.name}}** is neither a parameter nor a built-in placeholder.`, span: at };
}

function parameterWordHover(file: ParsedFile, offset: number, study: Study | undefined): Hover | undefined {
  const before = /[A-Za-z0-9_.]*$/.exec(file.text.slice(0, offset))?.[0] ?? '';
  const after = /^[A-Za-z0-9_.]*/.exec(file.text.slice(offset))?.[0] ?? '';
  const p = study?.parameters.find((q) => q.name === before + after);
  return p ? { markdown: `\`${describeParameter(p)}\``, span: { start: offset - before.length, end: offset + after.length } } : undefined;
}
