import { isMap, isSeq, type Node } from 'yaml';
import { error, type Diagnostic } from '../diagnostic';
import { keyName, keySpan, nodeSpan } from '../parse';
import { lineOf } from './choices';
import type { Rule } from './rule';

/** Bounds the walk so that a huge or alias-heavy file stays fast; aliases are not followed. */
const MAX_NODES = 200_000;

/** The same key twice in one mapping, anywhere in the file; YAML would silently keep only one. */
export const duplicateKey: Rule = ({ doc, file }) => {
  const out: Diagnostic[] = [];
  const stack: unknown[] = [doc.contents];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const node = stack.pop();
    if (isSeq(node)) { stack.push(...node.items); continue; }
    if (!isMap(node)) continue;
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      stack.push(pair.value);
      const name = keyName(pair);
      if (name === undefined) continue;
      const first = seen.get(name);
      if (!first) { seen.set(name, pair.key as Node); continue; }
      const line = file.lines.position(nodeSpan(first).start).line + 1;
      const span = keySpan(pair);
      const whole = { start: span.start, end: nodeSpan(pair.value as Node, span).end };
      const removable = !node.flow ? lineOf(file.text, whole) : undefined;
      out.push(error('duplicate-key', span, `'${name}' is already set on line ${line}; YAML keeps only one of them. Remove one.`,
        removable && file.lines.position(whole.start).line === file.lines.position(whole.end).line
          ? [{ title: `Remove this '${name}'`, edits: [{ span: removable, newText: '' }] }]
          : undefined));
    }
  }
  return out;
};
