/**
 * What is at an offset of a study file: the key path of the enclosing mapping,
 * whether the cursor sits where a key or a value goes, inside a flow mapping,
 * or inside the `command` string after an unclosed `{`. Works on half-typed
 * text: the structure comes from indentation and the current line, which stay
 * readable when YAML does not parse (a test checks that they agree with the
 * YAML tree on valid files); the tree is consulted for the `command` scalar,
 * whose style (plain, quoted, folded) decides where it ends.
 */
import { nodeAt } from '../ast';
import type { Span } from '../diagnostic';
import { specAt } from '../keys';
import { nodeSpan, type ParsedFile } from '../parse';
import { ancestry, blockSiblings, itemIndex, lineShape } from './lines';

export type Slot = 'key' | 'value' | 'item' | 'comment';

export interface CursorContext {
  readonly offset: number;
  /**
   * Path of the mapping that holds the key (slot `key`) or the value (slot
   * `value`); for slot `item`, of the mapping that holds the list. List
   * indices appear as digits.
   */
  readonly path: readonly string[];
  readonly slot: Slot;
  /** The key whose value (or list item) is at the cursor. */
  readonly key?: string;
  /** Inside a flow mapping or sequence (`{...}`, `[...]`). */
  readonly flow: boolean;
  /** Inside a quoted string or a multi-line scalar. */
  readonly inString: boolean;
  /** The word around the cursor that a completion replaces, and its part before the cursor. */
  readonly word: Span;
  readonly prefix: string;
  /** Keys already present in the mapping at `path` (the one at the cursor left out). */
  readonly siblings: readonly string[];
  /** Set inside the `command` string; `placeholder` after an unclosed `{`. */
  readonly command?: { readonly placeholder?: { readonly brace: number; readonly prefix: string } };
}

interface Frame {
  readonly kind: 'map' | 'seq';
  /** Path part this frame adds below its parent (a key or an index). */
  readonly part?: string;
  readonly keys: string[];
  slot: 'key' | 'value' | 'done';
  key?: string;
  index: number;
}

const WORD_BEFORE = /[A-Za-z0-9_.\-~/]*$/;
const WORD_AFTER = /^[A-Za-z0-9_.\-~/]*/;

export function contextAt(file: ParsedFile, offset: number): CursorContext {
  const { text, lines } = file;
  const at = Math.max(0, Math.min(offset, text.length));
  const { line, character } = lines.position(at);
  const lineText = lines.lineText(line);
  const before = lineText.slice(0, character);
  const after = lineText.slice(character);
  const wordBefore = (WORD_BEFORE.exec(before)?.[0] ?? '');
  const word = { start: at - wordBefore.length, end: at + (WORD_AFTER.exec(after)?.[0].length ?? 0) };
  const base = { offset: at, word, prefix: wordBefore };

  const shape = lineShape(before.trim() === '' ? ' '.repeat(character) : lineText);
  const ownColumn = before.trim() === '' ? character : shape.dashes[0] ?? shape.content;
  const outer = ancestry(lines, line, ownColumn);

  // Inside a scalar that spans lines: the tree knows when the text parses; otherwise the
  // enclosing key says so, by an open value on its line or by taking only scalars.
  if (commandScalarContains(file, at)) {
    return { ...base, path: [], slot: 'value', key: 'command', flow: false, inString: true, siblings: [], command: commandAt(before) };
  }
  const holder = outer.path[outer.path.length - 1];
  const scalarKey = outer.scalarKey ?? (holder !== undefined && takesOnlyScalars(outer.path) ? holder : undefined);
  if (scalarKey !== undefined) {
    const path = outer.path.slice(0, -1);
    return {
      ...base, path, slot: 'value', key: scalarKey, flow: false, inString: true, siblings: [],
      ...(scalarKey === 'command' && path.length === 0 ? { command: commandAt(before) } : {}),
    };
  }

  // A flow collection opened on an earlier line and still open here: read it from its opening bracket.
  if (outer.flowStart !== undefined) {
    const open = scanInline(text.slice(outer.flowStart, at));
    if (open.frames.length > 1 && !open.comment) return fromFrames(base, outer.path, open, after, () => []);
  }

  // The current line: list dashes before the cursor make items of the enclosing list.
  const path = [...outer.path];
  const dashes = shape.dashes.filter((d) => d < character);
  dashes.forEach((d, i) => {
    if (i === 0) path.push(String(itemIndex(lines, line, d)));
    else path.push('0');
  });
  const contentStart = dashes.length > 0 ? shape.content : Math.min(shape.indent, character);
  const scan = scanInline(before.slice(contentStart));
  if (scan.comment) return { ...base, path, slot: 'comment', flow: false, inString: false, siblings: [] };

  // A key slot on a dash line with no `key:` yet: the word may equally be a scalar list item.
  if (scan.frames.length === 1 && scan.frames[0]?.slot === 'key' && dashes.length > 0 && scan.frames[0].keys.length === 0) {
    const listPath = path.slice(0, -1);
    const listKey = listPath[listPath.length - 1];
    return { ...base, path: listPath.slice(0, -1), slot: 'item', ...(listKey !== undefined ? { key: listKey } : {}), flow: false, inString: false, siblings: [] };
  }
  return fromFrames(base, path, scan, after, () => blockSiblings(lines, line, dashes.length > 0 ? shape.content : ownColumn), before);
}

type Base = Pick<CursorContext, 'offset' | 'word' | 'prefix'>;

/** The context at the end of an inline scan whose outermost frame sits at `path`. */
function fromFrames(base: Base, path: readonly string[], scan: InlineScan, after: string, blockKeys: () => string[], before?: string): CursorContext {
  const frames = scan.frames;
  const top = frames[frames.length - 1] as Frame;
  const flow = frames.length > 1;
  const framePath = [...path, ...frames.slice(1).map((f) => f.part).filter((p): p is string => p !== undefined)];
  if (top.kind === 'seq') {
    const listKey = top.part;
    const holder = listKey === undefined ? framePath : framePath.slice(0, -1);
    return { ...base, path: holder, slot: 'item', ...(listKey !== undefined ? { key: listKey } : {}), flow, inString: scan.quoted, siblings: [] };
  }
  if (top.slot === 'value' || top.slot === 'done') {
    const key = top.key;
    const command = key === 'command' && framePath.length === 0 && before !== undefined ? { command: commandAt(before) } : {};
    return { ...base, path: framePath, slot: 'value', ...(key !== undefined ? { key } : {}), flow, inString: scan.quoted, siblings: [], ...command };
  }
  const siblings = flow ? [...top.keys, ...flowKeysAfter(after)] : blockKeys();
  return { ...base, path: framePath, slot: 'key', flow, inString: false, siblings: siblings.filter((k) => k !== base.prefix) };
}

function takesOnlyScalars(path: readonly string[]): boolean {
  const spec = specAt(path);
  return spec !== undefined && !spec.kinds.includes('map') && !spec.kinds.includes('list');
}

function commandScalarContains(file: ParsedFile, offset: number): boolean {
  const node = nodeAt(file.doc, ['command']);
  if (!node?.range) return false;
  const span = nodeSpan(node);
  return offset > span.start && offset <= span.end;
}

/** Inside the command: is the cursor after a `{` that opens a placeholder (not an escaped `{{`)? */
function commandAt(before: string): NonNullable<CursorContext['command']> {
  const m = /\{([A-Za-z0-9_.]*)$/.exec(before);
  if (!m) return {};
  let run = 0;
  for (let i = m.index; i >= 0 && before[i] === '{'; i--) run++;
  if (run % 2 === 0) return {};
  return { placeholder: { brace: m.index, prefix: m[1] as string } };
}

interface InlineScan {
  readonly frames: readonly Frame[];
  readonly quoted: boolean;
  readonly comment: boolean;
}

/** Reads one line's content up to the cursor, tracking flow collections, keys and quotes. */
function scanInline(s: string): InlineScan {
  const frames: Frame[] = [{ kind: 'map', keys: [], slot: 'key', index: 0 }];
  let token = 0;
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    const top = frames[frames.length - 1] as Frame;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) {
        if (quote === '\'' && s[i + 1] === '\'') i++;
        else quote = '';
      }
      continue;
    }
    const pending = s.slice(token, i).trim();
    if ((c === '"' || c === '\'') && pending === '') { quote = c; continue; }
    if (c === '#' && (i === 0 || /\s/.test(s[i - 1] as string))) return { frames, quoted: false, comment: true };
    if (c === ':' && (i + 1 === s.length || /[\s,{}[\]]/.test(s[i + 1] as string)) && top.kind === 'map' && top.slot === 'key') {
      const key = pending.replace(/^["']|["']$/g, '');
      top.keys.push(key);
      top.key = key;
      top.slot = 'value';
      token = i + 1;
    } else if ((c === '{' || c === '[') && pending === '') {
      const part = top.kind === 'map' ? (top.slot === 'value' ? top.key : undefined) : String(top.index);
      frames.push({ kind: c === '{' ? 'map' : 'seq', ...(part !== undefined ? { part } : {}), keys: [], slot: 'key', index: 0 });
      token = i + 1;
    } else if (c === ',' && frames.length > 1) {
      if (top.kind === 'map') { top.slot = 'key'; delete top.key; } else top.index++;
      token = i + 1;
    } else if ((c === '}' || c === ']') && frames.length > 1) {
      frames.pop();
      (frames[frames.length - 1] as Frame).slot = 'done';
      token = i + 1;
    }
  }
  return { frames, quoted: quote !== '', comment: false };
}

/** Keys later in the same flow mapping, up to its closing brace. */
function flowKeysAfter(after: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let quote = '';
  let token = 0;
  for (let i = 0; i < after.length; i++) {
    const c = after[i] as string;
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '"' || c === '\'') quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') { if (depth-- === 0) break; }
    else if (c === ',' && depth === 0) token = i + 1;
    else if (c === ':' && depth === 0 && /[\s,]|$/.test(after[i + 1] ?? '')) keys.push(after.slice(token, i).trim());
  }
  return keys.filter((k) => k !== '');
}
