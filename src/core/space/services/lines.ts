/**
 * The block structure of YAML lines, read without a parser: indentation, list
 * dashes and `key:` heads. It is what lets completions work on half-typed text
 * that YAML itself rejects.
 */
import type { LineIndex } from '../line-index';

export interface LineShape {
  /** Column of the first non-space character. */
  readonly indent: number;
  /** Columns of the list dashes that open the line (`- - x` has two). */
  readonly dashes: readonly number[];
  /** Column where the content after the dashes starts. */
  readonly content: number;
  /** The key of a `key:` head at the content column. */
  readonly key?: string;
  /** What follows `key:` on the same line, trimmed and without a comment. */
  readonly inline?: string;
  /** Column where `inline` starts. */
  readonly inlineColumn?: number;
  /** True for a line that is empty or only a comment. */
  readonly blank: boolean;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\]},&*!|>%@`-][^#]*?|-[^\s#][^#]*?)\s*:(?:\s+|$)/;

export function lineShape(text: string): LineShape {
  const indent = text.length - text.trimStart().length;
  const dashes: number[] = [];
  let at = indent;
  while (text[at] === '-' && (at + 1 === text.length || text[at + 1] === ' ')) {
    dashes.push(at);
    at++;
    while (text[at] === ' ') at++;
  }
  const rest = text.slice(at);
  const blank = rest.trim() === '' ? dashes.length === 0 : rest.startsWith('#') && dashes.length === 0;
  const m = KEY.exec(rest);
  if (!m) return { indent, dashes, content: at, blank };
  const raw = m[1] as string;
  const key = /^["']/.test(raw) ? raw.slice(1, -1) : raw.trim();
  const after = rest.slice(m[0].length);
  const inlineColumn = at + m[0].length + (after.length - after.trimStart().length);
  return { indent, dashes, content: at, key, inline: stripComment(after).trim(), inlineColumn, blank };
}

function stripComment(s: string): string {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '"' || c === '\'') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(s[i - 1] as string))) return s.slice(0, i);
  }
  return s;
}

export interface Ancestry {
  /** Keys and list indices (as digits) of the blocks that enclose the column. */
  readonly path: readonly string[];
  /**
   * Set when the nearest enclosing key holds a scalar that continues onto the
   * following lines (`command: >-`, or a quoted or plain value left open).
   */
  readonly scalarKey?: string;
  /** Offset of a `{` or `[` after the nearest enclosing key, which may still be open at the column. */
  readonly flowStart?: number;
}

/** The blocks enclosing `column` on `line`, from the lines above it. */
export function ancestry(lines: LineIndex, line: number, column: number): Ancestry {
  const parts: string[][] = [];
  let limit = column;
  let scalarKey: string | undefined;
  let flowStart: number | undefined;
  for (let n = line - 1; n >= 0 && limit > 0; n--) {
    const shape = lineShape(lines.lineText(n));
    if (shape.blank || shape.indent >= limit) continue;
    const level: string[] = [];
    for (const d of shape.dashes) if (d < limit) level.push(String(itemIndex(lines, n, d)));
    if (shape.key !== undefined && shape.content < limit) {
      level.push(shape.key);
      if (parts.length === 0 && shape.inline && !/^[{[&*]/.test(shape.inline)) scalarKey = shape.key;
      if (parts.length === 0 && shape.inline && /^[{[]/.test(shape.inline)) flowStart = lines.lineStart(n) + (shape.inlineColumn as number);
    }
    parts.unshift(level);
    limit = shape.indent;
  }
  return { path: parts.flat(), ...(scalarKey !== undefined ? { scalarKey } : {}), ...(flowStart !== undefined ? { flowStart } : {}) };
}

/** Index of the list item whose dash is at `column` on `line`. */
export function itemIndex(lines: LineIndex, line: number, column: number): number {
  let index = 0;
  for (let n = line - 1; n >= 0; n--) {
    const shape = lineShape(lines.lineText(n));
    if (shape.blank || shape.indent > column) continue;
    if (shape.indent < column || shape.dashes[0] !== column) break;
    index++;
  }
  return index;
}

/** Keys of the block mapping whose keys sit at `column`, around `line` (which is left out). */
export function blockSiblings(lines: LineIndex, line: number, column: number): string[] {
  const keys: string[] = [];
  // A list item's first key sits after its dash, on a line indented less than the key.
  const scan = (n: number, upward: boolean): boolean => {
    const shape = lineShape(lines.lineText(n));
    if (shape.blank || shape.indent > column) return true;
    if (shape.indent < column) {
      if (upward && shape.content === column && shape.key !== undefined) keys.push(shape.key);
      return false;
    }
    if (shape.dashes.length === 0 && shape.key !== undefined) keys.push(shape.key);
    return true;
  };
  for (let n = line - 1; n >= 0 && scan(n, true); n--);
  for (let n = line + 1; n < lines.lineCount && scan(n, false); n++);
  return keys;
}
