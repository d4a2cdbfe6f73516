import { isSeq } from 'yaml';
import { fieldOf, nodeAt, scalarValue, seqItems } from '../ast';
import { distributionKeysOf } from '../build';
import { error, warning, type Diagnostic } from '../diagnostic';
import { deref, keyName, nodeSpan, pairsOf } from '../parse';
import type { Rule } from './rule';

/** empty-choice and duplicate-choice (with a fix that removes the repeat). */
export const choices: Rule = ({ doc, file }) => {
  const out: Diagnostic[] = [];
  for (const pair of pairsOf(nodeAt(doc, ['space']))) {
    const name = keyName(pair);
    const value = deref(doc, pair.value);
    const kinds = distributionKeysOf(value);
    const kind = kinds[0];
    if (name === undefined || kinds.length !== 1 || (kind !== 'choice' && kind !== 'ordinal')) continue;
    const args = fieldOf(doc, value, kind);
    if (!isSeq(args)) continue;
    const items = seqItems(doc, args);
    if (items.length === 0) {
      out.push(error('empty-choice', nodeSpan(args), `'${name}' is a ${kind} with no values; list at least one (two to search anything).`));
      continue;
    }
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const v = scalarValue(item);
      if (v === undefined || v === null) return;
      const key = `${typeof v}:${String(v)}`;
      if (!seen.has(key)) { seen.set(key, i); return; }
      const span = nodeSpan(item);
      // Remove the item together with the separator before it, so the list stays valid.
      const prev = nodeSpan(items[i - 1]);
      const removal = { start: prev.end, end: span.end };
      const flow = /^\s*,/.test(file.text.slice(prev.end, span.start)) || (args as { flow?: boolean }).flow === true;
      out.push(warning('duplicate-choice', span, `${JSON.stringify(v)} appears twice in '${name}'; remove the repeat (it would be sampled twice as often).`,
        [{ title: 'Remove the duplicate value', edits: [{ span: flow ? removal : lineOf(file.text, span), newText: '' }], preferred: true }]));
    });
  }
  return out;
};

/** The whole line holding a span, with its line break: the unit a block list item is removed in. */
export function lineOf(text: string, span: { start: number; end: number }): { start: number; end: number } {
  let start = span.start;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = span.end;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start, end };
}
