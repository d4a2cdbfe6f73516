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
    return { text, lines, doc: undefined, syntax: [error('file-too-large', span, tooLarge(text.length, 'characters'))] };
  }
  if (text.includes('\u0000')) {
    const at = text.indexOf('\u0000');
    return { text, lines, doc: undefined, syntax: [error('not-text', { start: at, end: at + 1 }, 'The file contains NUL bytes: it is binary, not a YAML study file.')] };
  }
  // YAML 1.2 and editors take a lone CR as a line break; the parser does not. Same length, so every offset stays.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: false });
  const syntax: Diagnostic[] = [];
  for (const e of doc.errors) syntax.push(error('yaml-syntax', spanOf(e.pos, text), yamlMessage(e.code, e.message)));
  for (const w of doc.warnings) syntax.push(error('yaml-syntax', spanOf(w.pos, text), yamlMessage(w.code, w.message)));
  if (syntax.length === 0) syntax.push(...unresolvedAliases(doc));
  return { text, lines, doc, syntax };
}

/**
 * Aliases with no anchor before them. The parser accepts them and every later
 * read sees nothing, which would surface as a misleading "has no value".
 * One pass in document order, never through aliases, so it stays linear.
 */
function unresolvedAliases(doc: Document): Diagnostic[] {
  const out: Diagnostic[] = [];
  const anchors = new Set<string>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (!anchors.has(node.source)) {
        out.push(error('yaml-syntax', nodeSpan(node), `The alias *${node.source} has no anchor &${node.source} before it; define the anchor first, or write the value out.`));
      }
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    if (node.anchor) anchors.add(node.anchor);
    const children: unknown[] = isMap(node) ? node.items.flatMap((p) => [p.key, p.value]) : isSeq(node) ? node.items : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out;
}

/**
 * Decode bytes as UTF-8 text, or say why they are not a study file. A problem
 * comes with `shown`, the text as an editor would show it (invalid bytes as
 * U+FFFD), which its span indexes, so the problem is reported on its own line.
 */
export function decodeStudyBytes(bytes: Uint8Array): { text: string } | { problem: Diagnostic; shown: string } {
  if (bytes.length > MAX_STUDY_BYTES) {
    return { problem: error('file-too-large', { start: 0, end: 0 }, tooLarge(bytes.length, 'bytes')), shown: '' };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const lenient = new TextDecoder('utf-8');
    // The bytes before the first invalid one decode exactly, so their length is the UTF-16 offset.
    const at = lenient.decode(bytes.subarray(0, bad)).length;
    const shown = lenient.decode(bytes);
    const line = new LineIndex(shown).position(at).line + 1;
    return { problem: error('not-text', { start: at, end: at + 1 }, `The file is not UTF-8 text (byte 0x${(bytes[bad] as number).toString(16).padStart(2, '0')} on line ${line} is invalid). Save it as UTF-8.`), shown };
  }
  // TextDecoder drops a leading BOM, as editors do, so columns on line 1 match the editor's.
  return { text: new TextDecoder('utf-8').decode(bytes) };
}

/** Index of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) { i++; continue; }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) { need = 2; if (b === 0xe0) lo = 0xa0; if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; if (b === 0xf0) lo = 0x90; if (b === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

function tooLarge(size: number, unit: string): string {
  // Exact sizes: just over the limit would otherwise read as "1.0 MiB; at most 1 MiB".
  return `The file has ${size.toLocaleString('en-US')} ${unit}; a study file is at most 1 MiB (${MAX_STUDY_BYTES.toLocaleString('en-US')}). Move data into base_config or a table file.`;
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
      return 'The YAML nests too deeply to be read from here on; flatten the structure (a study file needs only a few levels).';
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
