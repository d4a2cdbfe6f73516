/**
 * Text -> YAML document with source ranges. Everything downstream (model,
 * rules, completions, hovers) works on this one parse.
 */
import { Document, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import { error, type Diagnostic, type Span } from './diagnostic';
import { LineIndex } from './line-index';

/** Beyond this a file is not a study: refuse it quickly instead of parsing for seconds. */
export const MAX_STUDY_BYTES = 1024 * 1024;

export interface ParsedFile {
  readonly text: string;
  readonly lines: LineIndex;
  /** Undefined when the text could not be parsed at all. */
  readonly doc: Document | undefined;
  /** Syntax-level problems; when any is an error, semantic rules are skipped. */
  readonly syntax: readonly Diagnostic[];
}

export function parseStudyText(text: string): ParsedFile {
  const lines = new LineIndex(text);
  if (text.length > MAX_STUDY_BYTES) {
    const span = { start: 0, end: Math.min(text.length, lines.lineEnd(0)) };
    const mb = (text.length / (1024 * 1024)).toFixed(1);
    return { text, lines, doc: undefined, syntax: [error('file-too-large', span, `The file is ${mb} MiB; a study file is at most 1 MiB. Move data into base_config or a table file.`)] };
  }
  if (text.includes('\u0000')) {
    const at = text.indexOf('\u0000');
    return { text, lines, doc: undefined, syntax: [error('not-text', { start: at, end: at + 1 }, 'The file contains NUL bytes: it is binary, not a YAML study file.')] };
  }
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: false });
  const syntax: Diagnostic[] = [];
  for (const e of doc.errors) syntax.push(error('yaml-syntax', spanOf(e.pos, text), yamlMessage(e.code, e.message)));
  for (const w of doc.warnings) syntax.push(error('yaml-syntax', spanOf(w.pos, text), yamlMessage(w.code, w.message)));
  return { text, lines, doc, syntax };
}

/** Decode bytes as UTF-8 text, or say why they are not a study file. */
export function decodeStudyBytes(bytes: Uint8Array): { text: string } | { problem: Diagnostic } {
  if (bytes.length > MAX_STUDY_BYTES) {
    const mb = (bytes.length / (1024 * 1024)).toFixed(1);
    return { problem: error('file-too-large', { start: 0, end: 0 }, `The file is ${mb} MiB; a study file is at most 1 MiB. Move data into base_config or a table file.`) };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let bad = 0;
    while (bad < bytes.length && (bytes[bad] as number) < 0x80) bad++;
    return { problem: error('not-text', { start: bad, end: bad }, `The file is not UTF-8 text (invalid byte near offset ${bad}). Save it as UTF-8.`) };
  }
  // A BOM stays in the text: YAML skips it, and keeping it keeps offsets equal to the editor's.
  return { text };
}

function spanOf(pos: [number, number], text: string): Span {
  const start = Math.min(pos[0], text.length);
  return { start, end: Math.max(start, Math.min(pos[1], text.length)) };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0] ?? message;
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'Tabs are not allowed for indentation in YAML; indent with spaces.';
    case 'RESOURCE_EXHAUSTION':
      return `${first} Flatten the structure; a study file needs only a few levels.`;
    case 'MULTIPLE_DOCS':
      return 'The file holds several YAML documents; a study file is exactly one.';
    default:
      return `YAML: ${first}`;
  }
}

export function nodeSpan(node: Node | null | undefined, fallback: Span = { start: 0, end: 0 }): Span {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/** Span of a pair's key, falling back to its value. */
export function keySpan(pair: Pair): Span {
  return nodeSpan(pair.key as Node | null, nodeSpan(pair.value as Node | null));
}

/** The string name of a pair's key, or undefined for a non-string key. */
export function keyName(pair: Pair): string | undefined {
  const k = pair.key as unknown;
  if (isScalar(k) && typeof k.value === 'string') return k.value;
  return undefined;
}

/** Follows one alias (never expands nested ones, so alias bombs stay cheap). */
export function deref(doc: Document, node: unknown): Node | undefined {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    return target && !isAlias(target) ? (target as Node) : undefined;
  }
  if (isScalar(node) || isMap(node) || isSeq(node)) return node as Node;
  return undefined;
}

export function pairsOf(node: unknown): Pair[] {
  return isMap(node) ? node.items.filter((p): p is Pair => isPair(p)) : [];
}
