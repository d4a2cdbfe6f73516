/**
 * Maps places in the `command` string back to the file. A folded or quoted
 * YAML scalar changes offsets, but `{name}` is written literally, so the n-th
 * occurrence in the source is the n-th in the value.
 */
import { nodeAt } from '../ast';
import { scanTemplate, type PlaceholderRef } from '../command';
import type { Span } from '../diagnostic';
import { nodeSpan } from '../parse';
import type { RuleContext } from './rule';

export interface PlaceholderInFile extends PlaceholderRef {
  readonly span: Span;
}

/**
 * The command scalar as written, without a block scalar's `>-` / `|` header
 * line, whose comment could otherwise be mistaken for part of the command.
 */
export function commandSource(ctx: RuleContext): { readonly start: number; readonly text: string } | undefined {
  const cmd = ctx.study.command;
  if (!cmd) return undefined;
  const node = nodeAt(ctx.doc, ['command']) as { type?: string } | undefined;
  let start = cmd.span.start;
  if (node?.type === 'BLOCK_FOLDED' || node?.type === 'BLOCK_LITERAL') {
    const header = /^[^\r\n]*(\r\n|\r|\n)?/.exec(ctx.file.text.slice(start, cmd.span.end));
    start += header ? header[0].length : 0;
  }
  return { start, text: ctx.file.text.slice(start, cmd.span.end) };
}

export function commandPlaceholders(ctx: RuleContext): PlaceholderInFile[] {
  const cmd = ctx.study.command;
  const body = commandSource(ctx);
  if (!cmd || !body) return [];
  const source = body.text;
  const counts = new Map<string, number>();
  return scanTemplate(cmd.text).placeholders.map((p) => {
    const token = `{${p.name}}`;
    const n = counts.get(token) ?? 0;
    counts.set(token, n + 1);
    let at = -1;
    for (let i = 0; i <= n; i++) at = source.indexOf(token, at + 1);
    const span = at >= 0 ? { start: body.start + at, end: body.start + at + token.length } : cmd.span;
    return { ...p, span };
  });
}

/** Where to append text to the command's value so that it stays inside the scalar. */
export function commandAppendOffset(ctx: RuleContext): number | undefined {
  const node = nodeAt(ctx.doc, ['command']) as { type?: string } | undefined;
  const span = nodeSpan(node as never);
  if (!node || span.end <= span.start) return undefined;
  const source = ctx.file.text.slice(span.start, span.end);
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return span.start + source.lastIndexOf(source[0] as string);
  let end = source.length;
  while (end > 0 && /\s/.test(source[end - 1] as string)) end--;
  return span.start + end;
}
